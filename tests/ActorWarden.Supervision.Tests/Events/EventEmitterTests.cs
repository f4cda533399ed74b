using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Tests.Fakes;
using Akka.Actor;

namespace ActorWarden.Supervision.Tests.Events;

public sealed class EventEmitterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_wall_clock_stepped_back_never_makes_a_stamp_go_backwards()
    {
        var clock = new SteppedClock(T0, T0.AddSeconds(2), T0.AddSeconds(1), T0.AddSeconds(3));
        var events = new EventCapture();
        var emitter = new EventEmitter(clock, events);

        for (var i = 0; i < 4; i++)
        {
            emitter.Emit("web", "web-1", new StateEvent(ProcessState.Stopped, ProcessState.Starting, "start"));
        }

        events.All.Select(e => e.Ts).Should().Equal(T0, T0.AddSeconds(2), T0.AddSeconds(2), T0.AddSeconds(3));
    }

    [Fact]
    public void A_cluster_node_stamps_every_event_with_itself_and_the_line_carries_it_after_the_instance()
    {
        var events = new EventCapture();
        var emitter = new EventEmitter(new SteppedClock(T0), events, node: "127.0.0.1:4053");

        emitter.Emit("web", "web-1", new StateEvent(ProcessState.Stopped, ProcessState.Starting, "start"));
        emitter.Emit(null, null, new WireEvent("command", new Dictionary<string, object?> { ["node"] = "spoofed", ["target"] = "all" }));

        events.All.Should().OnlyContain(e => e.Node == "127.0.0.1:4053");
        EventJson.ToJson(events.All[0]).Should().Be(
            "{\"ts\":\"2026-12-06T03:00:00.000Z\",\"event\":\"state\",\"service\":\"web\",\"instance\":\"web-1\",\"node\":\"127.0.0.1:4053\",\"from\":\"stopped\",\"to\":\"starting\",\"reason\":\"start\"}");
        EventJson.ToJson(events.All[1]).Should().Be(
            "{\"ts\":\"2026-12-06T03:00:00.000Z\",\"event\":\"command\",\"node\":\"127.0.0.1:4053\",\"target\":\"all\"}", "a payload cannot repeat the envelope's node");
    }

    [Fact]
    public void Outside_a_cluster_no_event_has_a_node()
    {
        var events = new EventCapture();
        new EventEmitter(new SteppedClock(T0), events).Emit("web", "web-1", new StateEvent(ProcessState.Stopped, ProcessState.Starting, "start"));

        events.All.Single().Node.Should().BeNull();
        EventJson.ToJson(events.All.Single()).Should().NotContain("\"node\"");
    }

    [Fact]
    public async Task Stamps_taken_on_many_threads_never_go_backwards_in_the_order_they_were_taken()
    {
        // Every read of this clock is earlier than the one before. Each thread's events go to a capture
        // of their own, where publish order is that thread's stamp order, so the check is exact.
        var clock = new FallingClock(T0);
        var perThread = Enumerable.Range(0, 4).Select(_ => new EventCapture()).ToArray();
        var shared = new EventEmitter(clock, new Fanout(perThread));

        await Task.WhenAll(perThread.Select((capture, index) => Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                shared.Emit("web", "web-" + index, new StateEvent(ProcessState.Stopped, ProcessState.Starting, "start"));
            }
        })));

        foreach (var capture in perThread)
        {
            var stamps = capture.All.Select(e => e.Ts).ToList();
            stamps.Should().HaveCount(2000).And.BeInAscendingOrder();
        }
    }

    private sealed class SteppedClock(params DateTimeOffset[] readings) : ITimeProvider
    {
        private int _next;

        public DateTimeOffset Now => readings[Math.Min(_next++, readings.Length - 1)];

        public TimeSpan MonotonicClock => TimeSpan.Zero;

        public TimeSpan HighResMonotonicClock => TimeSpan.Zero;
    }

    /// <summary>A clock that steps back a tick on every read (NTP gone mad), safe on any thread.</summary>
    private sealed class FallingClock(DateTimeOffset start) : ITimeProvider
    {
        private long _reads;

        public DateTimeOffset Now => start.AddTicks(-Interlocked.Increment(ref _reads));

        public TimeSpan MonotonicClock => TimeSpan.Zero;

        public TimeSpan HighResMonotonicClock => TimeSpan.Zero;
    }

    /// <summary>Hands each event to the capture of the thread's instance, so each capture has one writer.</summary>
    private sealed class Fanout(EventCapture[] captures) : IEventPublisher
    {
        public void Publish(WardenEvent @event) => captures[int.Parse(@event.Instance!["web-".Length..])].Publish(@event);
    }
}
