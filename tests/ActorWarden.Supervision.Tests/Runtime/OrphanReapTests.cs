using ActorWarden.Config;
using ActorWarden.Processes;
using ActorWarden.Simulation.Scenarios;
using ActorWarden.Supervision.Runtime;
using ActorWarden.Supervision.Tests.Fakes;
using ActorWarden.Supervision.Tree.Actors;

namespace ActorWarden.Supervision.Tests.Runtime;

/// <summary>
/// Daemons that escaped their service and died are re-parented to the warden and stay zombies until
/// it waits for them: the tree reaps on a periodic tick of the kernel scheduler and after every kill.
/// </summary>
public sealed class OrphanReapTests
{
    [Fact]
    public async Task Zombies_are_reaped_every_reap_interval_and_after_a_kill()
    {
        var launcher = new CountingLauncher(new FakeProcessLauncher { OnStart = child => child.IgnoresSignals = true });
        using var virtualSystem = WardenVirtualTime.Create();
        var time = virtualSystem.Time;
        var settings = TestSpecs.Settings(TestSpecs.Service("web", s => s with { Stop = new StopSpec { Signal = ProcessSignal.SIGTERM, Timeout = TimeSpan.FromSeconds(2) } }));
        var warden = new Warden(settings, new WardenRuntimeOptions
        {
            Launcher = launcher,
            ActorSystemProvider = () => virtualSystem.System,
            VirtualTime = true,
            Logger = new Serilog.LoggerConfiguration().CreateLogger(),
            WriteFiles = false,
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" },
            ResolveCommand = (command, _) => command,
            ReadTreeRss = _ => 1024,
        });

        VirtualClockDriver.Drive(() =>
        {
            warden.StartAsync().GetAwaiter().GetResult();
            time.RunUntilIdle();
            time.Advance(WardenGuardian.ReapInterval * 3 + TimeSpan.FromMilliseconds(1));
        });
        launcher.Reaps.Should().Be(3, "one reap per interval, none on the start path");

        Task<ControlResult> stop = null!;
        VirtualClockDriver.Drive(() =>
        {
            stop = warden.StopAsync("web");
            time.RunUntilIdle();
            time.Advance(TimeSpan.FromSeconds(2.5));
        });
        (await stop).Kind.Should().Be(ControlOutcome.Ok);
        launcher.Reaps.Should().BeGreaterThanOrEqualTo(4, "the stop ladder's kill is followed by a reap");

        var shutdown = Task.CompletedTask;
        VirtualClockDriver.Drive(() =>
        {
            shutdown = warden.StopAsync(TimeSpan.FromSeconds(10));
            virtualSystem.RunUntil(shutdown, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(20));
        });
        await shutdown;
    }

    private sealed class CountingLauncher(IProcessLauncher inner) : IProcessLauncher
    {
        private int _reaps;

        public int Reaps => Volatile.Read(ref _reaps);

        public IChildProcess Start(ProcessStartSpec spec) => inner.Start(spec);

        public IChildProcess? Adopt(int pid, ulong startTime) => inner.Adopt(pid, startTime);

        public int ReapOrphans()
        {
            Interlocked.Increment(ref _reaps);
            return inner.ReapOrphans();
        }
    }
}
