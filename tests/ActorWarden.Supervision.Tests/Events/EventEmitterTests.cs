using Akka.Actor;
using ActorWarden.Supervision.Control;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Tests.Fakes;

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
