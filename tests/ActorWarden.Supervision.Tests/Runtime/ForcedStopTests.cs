using System.Diagnostics;
using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Runtime;

/// <summary>A second Ctrl+C: a stop with a zero deadline kills at once, also when a graceful stop is already under way.</summary>
[Trait("Category", "RealProcess")]
public sealed class ForcedStopTests
{
    private static bool Alive(int pid) => ProcessInfo.ReadStartTime(pid) is not null && !ProcessInfo.IsZombie(pid);

    private static Task<RealWarden> StubbornAsync() =>
        RealWarden.StartAsync(folder => RealWarden.Settings(folder,
            RealWarden.Shell("stubborn", "trap '' TERM; while :; do sleep 0.05; done", folder, s => s with { Stop = new StopSpec { Timeout = TimeSpan.FromSeconds(60) } })));

    [Fact]
    public async Task A_forced_stop_kills_at_once_and_still_writes_every_event()
    {
        await using var warden = await StubbornAsync();
        await warden.WaitForState("stubborn", ProcessState.Running);
        var pid = (await warden.StatusAsync("stubborn")).Pid!.Value;
        var clock = Stopwatch.StartNew();

        await warden.Warden.StopAsync(TimeSpan.Zero).WaitAsync(TimeSpan.FromSeconds(20));

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "a forced stop does not wait for the 60 s stop timeout");
        Alive(pid).Should().BeFalse();
        File.ReadAllLines(warden.EventsFile).Should().Contain(l => l.Contains($"\"event\":\"{EventNames.WardenStopped}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_forced_stop_cuts_a_graceful_stop_short()
    {
        await using var warden = await StubbornAsync();
        await warden.WaitForState("stubborn", ProcessState.Running);
        var pid = (await warden.StatusAsync("stubborn")).Pid!.Value;
        var graceful = warden.Warden.StopAsync(TimeSpan.FromSeconds(120));
        await warden.WaitForState("stubborn", ProcessState.Stopping);
        var clock = Stopwatch.StartNew();

        var forced = warden.Warden.StopAsync(TimeSpan.Zero);

        await Task.WhenAll(graceful, forced).WaitAsync(TimeSpan.FromSeconds(20));
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the second request does not wait for the first one's deadline");
        Alive(pid).Should().BeFalse();
        File.ReadAllLines(warden.EventsFile).Should().Contain(l => l.Contains($"\"event\":\"{EventNames.WardenStopped}\"", StringComparison.Ordinal));
    }
}
