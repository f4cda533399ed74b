using ActorWarden.Config;
using ActorWarden.Processes;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Runtime;
using ActorWarden.Supervision.Tests.Fakes;
using Akka.Actor;

namespace ActorWarden.Supervision.Tests.Runtime;

/// <summary>The RSS column for every running instance: refreshed by the status board's own tick, never read in a query.</summary>
public sealed class InstanceRssTests
{
    private static readonly double Interval = WardenRuntimeOptions.DefaultRssRefreshInterval.TotalSeconds;

    [Fact]
    public async Task A_running_instance_has_no_rss_before_the_first_refresh_and_its_own_rss_after_it()
    {
        await using var warden = RssWarden.Start(TestSpecs.Settings(TestSpecs.Service("web", s => s with { Instances = 2 })));
        warden.Advance(Interval - 1);
        warden.Status("web-1").RssBytes.Should().BeNull("nothing was sampled yet");
        warden.Reads.Should().Be(0, "a status query reads nothing itself");

        warden.Advance(1);

        foreach (var instance in new[] { "web-1", "web-2" })
        {
            var pid = warden.Launcher.Current(instance).Pid;
            warden.Status(instance).RssBytes.Should().Be(RssWarden.OwnRssOf(pid));
        }
    }

    [Fact]
    public async Task An_exited_instance_loses_its_rss_and_is_no_longer_read()
    {
        await using var warden = RssWarden.Start(TestSpecs.Settings(TestSpecs.Service("job", s => s with { Restart = RestartPolicy.Never })));
        warden.Advance(Interval);
        var process = warden.Launcher.Current("job");
        warden.Status("job").RssBytes.Should().Be(RssWarden.OwnRssOf(process.Pid));
        var readsWhileRunning = warden.ReadsOf(process.Pid);

        process.Exit(0);
        warden.Settle();

        var status = warden.Status("job");
        status.State.Should().Be(ProcessState.Exited);
        status.RssBytes.Should().BeNull("a process that is gone has no resident memory");
        warden.Advance(3 * Interval);
        warden.Status("job").RssBytes.Should().BeNull();
        warden.ReadsOf(process.Pid).Should().Be(readsWhileRunning, "only live pids are read");
    }

    [Fact]
    public async Task A_restarted_instance_shows_the_rss_of_its_new_process_only()
    {
        await using var warden = RssWarden.Start(TestSpecs.Settings(TestSpecs.Service("web", s => s with { Restart = RestartPolicy.Always })));
        warden.Advance(Interval);
        var first = warden.Launcher.Current("web");

        first.Exit(1);
        warden.Settle();
        warden.Advance(Interval);

        var second = warden.Launcher.Current("web");
        second.Pid.Should().NotBe(first.Pid);
        warden.Status("web").RssBytes.Should().Be(RssWarden.OwnRssOf(second.Pid));
    }

    [Fact]
    public async Task A_max_memory_instance_keeps_its_tree_rss_and_its_own_rss_is_never_read()
    {
        const long treeRss = 4_200_000;
        var settings = TestSpecs.Settings(
            TestSpecs.Service("capped", s => s with { MaxMemoryBytes = 1L << 40, MemoryCheckInterval = TimeSpan.FromSeconds(5) }),
            TestSpecs.Service("plain"));
        await using var warden = RssWarden.Start(settings, treeRss: treeRss);

        warden.Advance(3 * Interval);

        warden.Status("capped").RssBytes.Should().Be(treeRss, "the tree sample the limit is judged by wins");
        warden.ReadsOf(warden.Launcher.Current("capped").Pid).Should().Be(0);
        warden.Status("plain").RssBytes.Should().Be(RssWarden.OwnRssOf(warden.Launcher.Current("plain").Pid));
    }

    [Fact]
    public async Task Without_a_reader_the_board_schedules_no_refresh_and_reads_nothing()
    {
        var settings = TestSpecs.Settings(TestSpecs.Service("web"));
        await using var reading = RssWarden.Start(settings);
        await using var silent = RssWarden.Start(settings, withReader: false);
        silent.Options.EffectiveReadRss.Should().BeNull("deterministic mode has fake pids, so there is no default reader");

        silent.Advance(3 * Interval);
        reading.Advance(3 * Interval);

        silent.Time.PendingTimers.Should().Be(reading.Time.PendingTimers - 1, "no refresh tick is scheduled without a reader");
        silent.Status("web").RssBytes.Should().BeNull();
        silent.Reads.Should().Be(0);
    }

    [Fact]
    public void The_default_reader_is_the_process_own_rss_except_on_virtual_time_and_an_explicit_one_wins()
    {
        var launcher = new FakeProcessLauncher();
        Func<int, long?> fake = _ => 1;
        var production = new WardenRuntimeOptions { Launcher = launcher };
        var simulated = production with { VirtualTime = true };

        production.EffectiveReadRss.Should().Be((Func<int, long?>)ProcessInfo.ReadRss);
        simulated.EffectiveReadRss.Should().BeNull();
        (simulated with { ReadRss = fake }).EffectiveReadRss.Should().BeSameAs(fake);
        (production with { ReadRss = fake }).EffectiveReadRss.Should().BeSameAs(fake);
    }
}
