using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Tests.Fakes;
using ActorWarden.Supervision.Tree.Restart;

namespace ActorWarden.Supervision.Tests.Tree;

public sealed class BackoffTests
{
    private static readonly BackoffSpec Doubling = new()
    {
        Min = TimeSpan.FromMilliseconds(100),
        Max = TimeSpan.FromSeconds(1),
        Multiplier = 2,
        Jitter = 0,
        ResetAfter = TimeSpan.FromSeconds(60),
    };

    [Fact]
    public void The_delay_doubles_from_min_and_is_capped_at_max()
    {
        var random = new Random(1);
        var delays = Enumerable.Range(1, 6).Select(n => BackoffPolicy.Delay(Doubling, n, random).TotalSeconds);

        delays.Should().Equal(0.1, 0.2, 0.4, 0.8, 1.0, 1.0);
    }

    [Fact]
    public void Jitter_stays_within_its_fraction_and_repeats_for_the_same_seed()
    {
        var spec = Doubling with { Jitter = 0.1 };
        var first = Enumerable.Range(1, 50).Select(n => BackoffPolicy.Delay(spec, 3, new Random(7 + n))).ToArray();
        var second = Enumerable.Range(1, 50).Select(n => BackoffPolicy.Delay(spec, 3, new Random(7 + n))).ToArray();

        first.Should().Equal(second);
        first.Should().OnlyContain(d => d >= TimeSpan.FromMilliseconds(360) && d <= TimeSpan.FromMilliseconds(440));
        first.Distinct().Should().HaveCountGreaterThan(10);
    }

    [Fact]
    public void A_zero_minimum_means_no_delay_at_all()
    {
        BackoffPolicy.Delay(Doubling with { Min = TimeSpan.Zero }, 5, new Random(1)).Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public async Task A_crashing_process_is_restarted_after_0_1_0_2_0_4_0_8_1_and_1_seconds_of_virtual_time()
    {
        var settings = TestSpecs.Settings(TestSpecs.Service("web", s => s with
        {
            Backoff = Doubling,
            StartSeconds = TimeSpan.Zero,
            Intensity = new IntensitySpec(100, TimeSpan.FromSeconds(10)),
        }));
        var spawnTimes = new List<TimeSpan>();
        VirtualWarden? harness = null;
        await using var warden = harness = VirtualWarden.Start(settings, onStart: _ => spawnTimes.Add(harness?.Time.Monotonic ?? TimeSpan.Zero));

        var waits = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            var exitAt = warden.Time.Monotonic;
            warden.Launcher.Current("web").Exit(1);
            warden.Settle();
            warden.Advance(1.5);
            waits.Add((spawnTimes.Last() - exitAt).TotalSeconds);
        }

        waits.Should().Equal(0.1, 0.2, 0.4, 0.8, 1.0, 1.0);
        warden.Events.Named(EventNames.Backoff, "web").Select(e => (long)e.Fields["delay_ms"]!)
            .Should().Equal(100, 200, 400, 800, 1000, 1000);
    }

    [Fact]
    public async Task The_backoff_sequence_starts_over_once_a_process_ran_for_reset_after()
    {
        var settings = TestSpecs.Settings(TestSpecs.Service("web", s => s with
        {
            Backoff = Doubling with { ResetAfter = TimeSpan.FromSeconds(30) },
            StartSeconds = TimeSpan.Zero,
            Intensity = new IntensitySpec(100, TimeSpan.FromSeconds(10)),
        }));
        await using var warden = VirtualWarden.Start(settings);

        for (var i = 0; i < 3; i++)
        {
            warden.Launcher.Current("web").Exit(1);
            warden.Settle();
            warden.Advance(2);
        }

        warden.Advance(30);
        warden.Launcher.Current("web").Exit(1);
        warden.Settle();

        warden.Events.Named(EventNames.Backoff, "web").Select(e => (long)e.Fields["delay_ms"]!)
            .Should().Equal(100, 200, 400, 100);
    }

    [Fact]
    public async Task With_a_zero_backoff_the_restart_happens_without_any_timer()
    {
        var settings = TestSpecs.Settings(TestSpecs.Service("web", s => s with
        {
            Backoff = Doubling with { Min = TimeSpan.Zero },
            StartSeconds = TimeSpan.Zero,
        }));
        await using var warden = VirtualWarden.Start(settings);
        var before = warden.Time.Monotonic;

        warden.Launcher.Current("web").Exit(1);
        warden.Settle();

        warden.Time.Monotonic.Should().Be(before);
        warden.Launcher.StartedFor("web").Should().HaveCount(2);
        warden.Events.Named(EventNames.Backoff).Should().BeEmpty();
        warden.Events.States("web").Should().Equal("starting", "running", "exited", "starting", "running");
    }

    [Fact]
    public async Task Identical_runs_with_the_same_seed_produce_identical_event_logs()
    {
        static async Task<string[]> Run(int seed)
        {
            var settings = TestSpecs.Settings(TestSpecs.Service("web", s => s with
            {
                Instances = 3,
                Backoff = Doubling with { Jitter = 0.3 },
                Intensity = new IntensitySpec(100, TimeSpan.FromSeconds(10)),
            }));
            var warden = VirtualWarden.Start(settings, seed: seed, onStart: child => child.Exit(child.Pid % 3));
            warden.Advance(20);
            await warden.DisposeAsync();
            return warden.Events.All.Select(EventJson.ToJson).ToArray();
        }

        var first = await Run(42);
        var second = await Run(42);
        var other = await Run(43);

        first.Should().Equal(second);
        first.Should().NotEqual(other);
    }
}
