using System.Diagnostics;
using System.Text.Json;
using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Runtime;

[Trait("Category", "RealProcess")]
public sealed class RealProcessTests
{
    private static bool Alive(int pid) => ProcessInfo.ReadStartTime(pid) is not null && !ProcessInfo.IsZombie(pid);

    [Fact]
    public async Task A_child_ignoring_SIGTERM_is_killed_at_the_stop_timeout()
    {
        await using var warden = await RealWarden.StartAsync(folder => RealWarden.Settings(folder,
            RealWarden.Shell("stubborn", "trap '' TERM; while :; do sleep 0.05; done", folder, s => s with { Stop = new StopSpec { Timeout = TimeSpan.FromSeconds(1) } })));
        await warden.WaitForState("stubborn", ProcessState.Running);
        var pid = (await warden.StatusAsync("stubborn")).Pid!.Value;

        var clock = Stopwatch.StartNew();
        (await warden.Warden.StopAsync("stubborn")).Kind.Should().Be(ControlOutcome.Ok);
        await warden.WaitForState("stubborn", ProcessState.Stopped);

        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(900)).And.BeLessThan(TimeSpan.FromSeconds(4));
        warden.Events.Named(EventNames.Killed, "stubborn").Should().ContainSingle();
        Alive(pid).Should().BeFalse();
    }

    [Fact]
    public async Task Grandchildren_of_a_child_that_exits_are_all_reaped_when_it_stops()
    {
        await using var warden = await RealWarden.StartAsync(folder => RealWarden.Settings(folder,
            RealWarden.Shell("forker", "sleep 300 & setsid sleep 300 & echo $! > kids; sleep 300 & wait", folder)));
        await warden.WaitForState("forker", ProcessState.Running);
        var pid = (await warden.StatusAsync("forker")).Pid!.Value;
        await RealWarden.Eventually(() => Task.FromResult(ProcessInfo.ListDescendants(pid).Count >= 3), because: "three sleepers");
        var descendants = ProcessInfo.ListDescendants(pid).ToArray();

        await warden.Warden.StopAsync("forker");
        await warden.WaitForState("forker", ProcessState.Stopped);

        await RealWarden.Eventually(() => Task.FromResult(descendants.All(d => !Alive(d))), TimeSpan.FromSeconds(5), "every grandchild to be gone");
    }

    [Fact]
    public async Task A_child_killed_with_SIGKILL_is_restarted()
    {
        await using var warden = await RealWarden.StartAsync(folder => RealWarden.Settings(folder,
            RealWarden.Shell("victim", "exec sleep 300", folder)));
        await warden.WaitForState("victim", ProcessState.Running);
        var pid = (await warden.StatusAsync("victim")).Pid!.Value;

        Process.GetProcessById(pid).Kill();

        await RealWarden.Eventually(async () => (await warden.StatusAsync("victim")) is { State: ProcessState.Running, Pid: { } p } && p != pid, because: "a new process");
        var status = await warden.StatusAsync("victim");
        status.LastSignal.Should().Be(9);
        status.Restarts.Should().Be(1);
    }

    [Fact]
    public async Task The_events_file_holds_one_valid_json_object_per_line_for_every_event()
    {
        var warden = await RealWarden.StartAsync(folder => RealWarden.Settings(folder,
            RealWarden.Shell("flappy", "sleep 0.3; exit 3", folder, s => s with { Restart = RestartPolicy.Always })));
        try
        {
            await RealWarden.Eventually(() => Task.FromResult(warden.Events.Named(EventNames.Exited).Count >= 2), because: "two exits");
            await warden.Warden.StopAsync(TimeSpan.FromSeconds(10));

            var lines = File.ReadAllLines(warden.EventsFile);
            lines.Should().HaveCount(warden.Events.All.Count);
            var parsed = lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
            parsed.Select(p => p.GetProperty("event").GetString()).Should().Equal(warden.Events.All.Select(e => e.Event));
            parsed.Should().OnlyContain(p => p.GetProperty("ts").GetString()!.EndsWith('Z'));
            parsed.Last().GetProperty("event").GetString().Should().Be(EventNames.WardenStopped);
            var exited = parsed.First(p => p.GetProperty("event").GetString() == "exited");
            exited.GetProperty("instance").GetString().Should().Be("flappy");
            exited.GetProperty("code").GetInt32().Should().Be(3);
        }
        finally
        {
            await warden.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_state_file_lists_running_children_and_a_new_warden_kills_the_survivors()
    {
        var folder = Directory.CreateTempSubdirectory("warden-crash-").FullName;
        try
        {
            var settings = RealWarden.Settings(folder, RealWarden.Shell("svc", "exec sleep 300", folder));
            var stateFile = new ActorWarden.Supervision.Runtime.StateFile(settings.StateFile, Serilog.Core.Logger.None);
            var first = new ActorWarden.Supervision.Runtime.Warden(settings, new ActorWarden.Supervision.Runtime.WardenRuntimeOptions { Launcher = ProcessLauncher.ForCurrentOs() });
            await first.StartAsync();
            await RealWarden.Eventually(() => Task.FromResult(stateFile.Read().Count == 1), because: "the state file to list the child");
            var survivor = stateFile.Read().Single();
            survivor.Instance.Should().Be("svc");
            (File.GetUnixFileMode(settings.StateFile) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)).Should().Be(UnixFileMode.None);

            // A second warden on the same state file stands for the restart after a SIGKILL of the first.
            var second = new ActorWarden.Supervision.Runtime.Warden(settings, new ActorWarden.Supervision.Runtime.WardenRuntimeOptions { Launcher = ProcessLauncher.ForCurrentOs() });
            await second.StartAsync();
            await RealWarden.Eventually(() => Task.FromResult(!Alive(survivor.Pid)), because: "the survivor to be killed");
            await second.StopAsync(TimeSpan.FromSeconds(10));
            await first.StopAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
