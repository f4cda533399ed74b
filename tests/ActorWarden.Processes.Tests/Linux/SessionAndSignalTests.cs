using ActorWarden.Processes.Linux;
using ActorWarden.Processes.Tests.Support;

namespace ActorWarden.Processes.Tests.Linux;

public sealed class SessionAndSignalTests : IDisposable
{
    private readonly ChildScope _scope = new();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public void Child_leads_its_own_session_and_process_group()
    {
        var child = _scope.Start(new ProcessStartSpec { FileName = "/bin/sleep", Arguments = ["100"], CaptureOutput = false });

        LibC.GetSid(child.Pid).Should().Be(child.Pid);
        LibC.GetPgid(child.Pid).Should().Be(child.Pid);
        LibC.GetSid(child.Pid).Should().NotBe(LibC.GetSid(0), "the child must not share the warden's session");
    }

    [Fact]
    public async Task Signal_reaches_grandchildren_in_the_group()
    {
        var child = _scope.StartShell("sleep 100 & echo $!; sleep 100 & echo $!; wait");
        var grandchildren = (await Await.Lines(child.StandardOutput!, 2)).Select(int.Parse).ToList();
        var starts = grandchildren.ToDictionary(p => p, p => ProcessInfo.ReadStartTime(p)!.Value);
        grandchildren.Should().OnlyContain(p => LibC.GetPgid(p) == child.Pid);

        child.Signal(ProcessSignal.SIGTERM);

        (await Await.Within(child.Exited)).Signal.Should().Be((int)ProcessSignal.SIGTERM);
        await Await.Until(() => grandchildren.All(p => !Gone.Alive(p) || ProcessInfo.ReadStartTime(p) != starts[p]), "grandchildren terminated");
        _scope.Launcher.ReapOrphans();
        await Await.Until(() => grandchildren.All(p => Gone.Completely(p, starts[p])), "grandchildren reaped");
    }
}
