using ActorWarden.Processes.Windows;
using Rungs = ActorWarden.Processes.Windows.StopLadder.Rungs;

namespace ActorWarden.Processes.Tests.Windows;

public sealed class StopLadderTests
{
    private readonly FakeWin32ProcessApi _api = new();

    [Theory]
    [InlineData(ProcessSignal.SIGTERM, true, (int)(Rungs.ConsoleBreak | Rungs.CloseWindows))]
    [InlineData(ProcessSignal.SIGINT, true, (int)(Rungs.ConsoleBreak | Rungs.CloseWindows))]
    [InlineData(ProcessSignal.SIGQUIT, false, (int)(Rungs.ConsoleBreak | Rungs.CloseWindows))]
    [InlineData(ProcessSignal.SIGHUP, true, (int)(Rungs.ConsoleBreak | Rungs.CloseWindows))]
    [InlineData(ProcessSignal.SIGKILL, true, (int)(Rungs.TerminateJob))]
    [InlineData(ProcessSignal.SIGKILL, false, (int)(Rungs.TerminateTree))]
    [InlineData(ProcessSignal.SIGUSR1, true, (int)(Rungs.None))]
    [InlineData(ProcessSignal.SIGUSR2, false, (int)(Rungs.None))]
    public void Signal_maps_to_the_nssm_rungs(ProcessSignal signal, bool hasJob, int expected)
    {
        StopLadder.Plan(signal, hasJob).Should().Be((Rungs)expected);
    }

    [Fact]
    public void Console_program_gets_ctrl_break_to_its_group_and_windows_are_asked_to_close()
    {
        _api.CtrlBreakDelivers = true;
        _api.WindowsPerProcess = 0;

        var delivered = new StopLadder(_api).Send(ProcessSignal.SIGTERM, 4242, process: 7, job: 9);

        delivered.Should().Be(Rungs.ConsoleBreak);
        _api.Calls.Should().Equal("SendCtrlBreak(4242)", "CloseTopLevelWindows(4242)");
    }

    [Fact]
    public void Gui_program_without_console_is_reached_through_wm_close()
    {
        _api.CtrlBreakDelivers = false;
        _api.WindowsPerProcess = 2;

        var delivered = new StopLadder(_api).Send(ProcessSignal.SIGINT, 4242, process: 7, job: 9);

        delivered.Should().Be(Rungs.CloseWindows);
    }

    [Fact]
    public void Kill_terminates_the_job_object_never_single_processes()
    {
        var delivered = new StopLadder(_api).Send(ProcessSignal.SIGKILL, 4242, process: 7, job: 9);

        delivered.Should().Be(Rungs.TerminateJob);
        _api.Calls.Should().Equal($"TerminateJob({StopLadder.KilledExitCode})");
    }

    [Fact]
    public void Kill_without_a_job_terminates_descendants_deepest_first_then_the_process()
    {
        _api.Descendants.AddRange([100, 101, 102]);

        var delivered = new StopLadder(_api).Send(ProcessSignal.SIGKILL, 4242, process: 7, job: 0);

        delivered.Should().Be(Rungs.TerminateTree);
        _api.Calls.Should().Equal(
            "TerminateProcessById(102, 137)", "TerminateProcessById(101, 137)", "TerminateProcessById(100, 137)", "TerminateProcess(137)");
    }

    [Fact]
    public void Posix_only_signals_are_not_sent()
    {
        new StopLadder(_api).Send(ProcessSignal.SIGUSR1, 4242, process: 7, job: 9).Should().Be(Rungs.None);
        _api.Calls.Should().BeEmpty();
    }
}
