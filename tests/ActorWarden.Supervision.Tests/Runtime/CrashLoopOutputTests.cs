using System.Globalization;
using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Runtime;

/// <summary>
/// The last words of a child in a crash loop: each run writes one line and exits at once, and the next
/// spawn comes with no backoff. The pipe of the ended process used to be closed at that next spawn, often
/// before its reader had drained it: 4,784 of 12,867 such lines were missing from the log in 12 s.
/// </summary>
[Trait("Category", "RealProcess")]
public sealed class CrashLoopOutputTests
{
    [Fact]
    public async Task Every_line_a_crash_looping_child_writes_before_it_exits_reaches_the_log()
    {
        await using var warden = await RealWarden.StartAsync(folder => RealWarden.Settings(folder,
            RealWarden.Shell("loop", "echo \"last words of $$\"; exit 1", folder, s => s with
            {
                Instances = 2,
                Restart = RestartPolicy.Always,
                StartSeconds = TimeSpan.Zero,
                Backoff = new BackoffSpec { Min = TimeSpan.Zero, Jitter = 0 },
                Intensity = new IntensitySpec(1_000_000, TimeSpan.FromSeconds(1)),
                Logs = s.Logs with { Enabled = true },
            })) with { Root = new RootSpec { Intensity = new IntensitySpec(1_000_000, TimeSpan.FromSeconds(1)) } });

        await RealWarden.Eventually(() => Task.FromResult(warden.Events.Named(EventNames.Started).Count >= 400), TimeSpan.FromSeconds(60), "400 spawns");
        (await warden.Warden.StopAsync("loop")).Kind.Should().Be(ControlOutcome.Ok);
        await RealWarden.Eventually(
            async () => (await warden.Warden.GetStatusAsync()).Instances.All(i => i.Pid is null),
            TimeSpan.FromSeconds(30),
            "every instance down");

        // Those that exited with code 1 wrote their line first; one the stop killed may not have.
        var wrote = warden.Events.Named(EventNames.Exited).Where(e => e.Fields["code"] is 1).Select(e => (int)e.Fields["pid"]!).ToHashSet();
        wrote.Should().HaveCountGreaterThan(300);
        await RealWarden.Eventually(
            () => Task.FromResult(wrote.IsSubsetOf(LoggedPids(warden.Folder))),
            TimeSpan.FromSeconds(10),
            "the last line of every process in the logs");
    }

    private static HashSet<int> LoggedPids(string folder) =>
        Directory.GetFiles(Path.Combine(folder, "logs"), "loop-*.out.log*")
            .SelectMany(File.ReadLines)
            .Where(line => line.StartsWith("last words of ", StringComparison.Ordinal))
            .Select(line => int.Parse(line["last words of ".Length..], CultureInfo.InvariantCulture))
            .ToHashSet();
}
