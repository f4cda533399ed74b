using System.Diagnostics;
using Akka.Actor;
using ActorWarden.Simulation.Tests.Support;
using ActorWarden.Simulation.VirtualTime;
using Xunit.Abstractions;

namespace ActorWarden.Simulation.Tests;

/// <summary>Same input, same output: whatever the Advance step, on every run.</summary>
public sealed class DeterminismTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Horizon = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_tree_with_timers_and_a_crashing_child_gives_the_same_trace_with_1_ms_1_s_and_one_big_step()
    {
        var oneBigStep = Run(Horizon);
        var seconds = Run(TimeSpan.FromSeconds(1));
        var milliseconds = Run(TimeSpan.FromMilliseconds(1));

        oneBigStep.Should().Contain("flaky restarted after third tick").And.Contain("group stopping web").And.Contain("db query 3");
        seconds.Should().Be(oneBigStep);
        milliseconds.Should().Be(oneBigStep);
    }

    [Fact]
    public void Two_runs_are_byte_identical_including_the_shutdown()
    {
        var first = Run(TimeSpan.FromMilliseconds(250));
        var second = Run(TimeSpan.FromMilliseconds(250));

        first.Should().Contain("flaky stopped after").And.EndWith("group stopped" + Environment.NewLine);
        second.Should().Be(first);
    }

    [Fact]
    public async Task A_timer_every_5_seconds_for_24_virtual_hours_delivers_every_tick()
    {
        var create = Stopwatch.StartNew();
        using var sim = VirtualTimeSystem.Create("day", Quiet.Config);
        create.Stop();
        var counter = sim.System.ActorOf(Props.Create(() => new Counter()), "counter");
        sim.Time.RunUntilIdle();

        var day = Stopwatch.StartNew();
        sim.Time.Advance(TimeSpan.FromDays(1));
        day.Stop();

        var count = counter.Ask<int>("count", TimeSpan.FromMinutes(1));
        sim.Time.RunUntilIdle();
        count.IsCompletedSuccessfully.Should().BeTrue();
        (await count).Should().Be(17_280);
        var terminate = Stopwatch.StartNew();
        sim.Terminate();
        terminate.Stop();
        var again = Stopwatch.StartNew();
        VirtualTimeSystem.Create("again", Quiet.Config).Terminate();
        output.WriteLine($"24 virtual hours of a 5 s timer (17,280 ticks): {day.Elapsed.TotalMilliseconds:F0} ms; " +
                         $"ActorSystem.Create {create.Elapsed.TotalMilliseconds:F0} ms, Terminate {terminate.Elapsed.TotalMilliseconds:F0} ms; " +
                         $"a second Create + Terminate in the same process {again.Elapsed.TotalMilliseconds:F0} ms");
    }

    private static string Run(TimeSpan step)
    {
        using var sim = VirtualTimeSystem.Create("tree", Quiet.Config);
        var trace = new ActorTrace();
        sim.System.ActorOf(SmallTree.Props(trace), "group");
        while (sim.Time.Monotonic < Horizon)
        {
            sim.Time.Advance(step);
        }

        sim.Terminate();
        return trace.ToString();
    }

    private sealed class Counter : ReceiveActor, IWithTimers
    {
        private int _ticks;

        public Counter()
        {
            Receive<string>(m => m == "count", _ => Sender.Tell(_ticks));
            Receive<string>(_ => _ticks++);
        }

        public ITimerScheduler Timers { get; set; } = null!;

        protected override void PreStart() => Timers.StartPeriodicTimer("tick", "tick", TimeSpan.FromSeconds(5));
    }
}
