using ActorWarden.Contracts.Events;
using ActorWarden.Simulation.Scenarios;
using ActorWarden.Supervision.Runtime;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Tree;

public sealed class MemoryLimitTests
{
    [Fact]
    public async Task A_process_tree_over_max_memory_is_restarted_by_its_supervisor()
    {
        var rss = 100L;
        using var virtualSystem = WardenVirtualTime.Create();
        var time = virtualSystem.Time;
        var launcher = new FakeProcessLauncher();
        var events = new EventCapture();
        var settings = TestSpecs.Settings(TestSpecs.Service("leaky", s => s with { MaxMemoryBytes = 1000, MemoryCheckInterval = TimeSpan.FromSeconds(5) }));
        var warden = new Warden(settings, new WardenRuntimeOptions
        {
            Launcher = launcher,
            WriteFiles = false,
            Observers = [events],
            ResolveCommand = (c, _) => c,
            ReadTreeRss = _ => Interlocked.Read(ref rss),
            ActorSystemProvider = () => virtualSystem.System,
            VirtualTime = true,
            Logger = new Serilog.LoggerConfiguration().CreateLogger(),
        });
        await warden.StartAsync();
        time.Advance(TimeSpan.FromSeconds(12));
        launcher.Started.Should().ContainSingle();

        Interlocked.Exchange(ref rss, 5000);
        time.Advance(TimeSpan.FromSeconds(5));

        events.Named(EventNames.MemoryExceeded).Single().Fields["rss_bytes"].Should().Be(5000L);
        var directive = events.Named(EventNames.Directive).Single();
        directive.Fields["cause"].Should().Be("MemoryLimitExceededException");
        directive.Fields["directive"].Should().Be("restart");
        launcher.Started[0].Signals.Should().Contain(Processes.ProcessSignal.SIGTERM);
        time.Advance(TimeSpan.FromSeconds(1));
        launcher.Started.Should().HaveCount(2);

        var stop = warden.StopAsync(TimeSpan.FromSeconds(30));
        virtualSystem.RunUntil(stop, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
    }
}
