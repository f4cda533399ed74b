using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Events;

public sealed class EventBusTests
{
    private static WardenEvent Event(int n) => new(DateTimeOffset.UnixEpoch, "state", "web", "web", new Dictionary<string, object?> { ["n"] = n });

    [Fact]
    public void An_observer_that_throws_does_not_keep_the_event_from_the_others()
    {
        var bus = new EventBus();
        var capture = new EventCapture();
        bus.Subscribe(new Throwing());
        bus.Subscribe(capture);

        bus.Publish(Event(1));

        capture.All.Should().ContainSingle();
        bus.ObserverFaults.Should().Be(1);
    }

    [Fact]
    public void A_disposed_subscription_receives_nothing_more()
    {
        var bus = new EventBus();
        var capture = new EventCapture();
        var subscription = bus.Subscribe(capture);

        bus.Publish(Event(1));
        subscription.Dispose();
        bus.Publish(Event(2));

        capture.All.Should().ContainSingle();
    }

    [Fact]
    public async Task A_slow_live_reader_loses_the_oldest_events_and_never_blocks_the_publisher()
    {
        var bus = new EventBus();
        await using var reader = bus.ReadAllAsync(capacity: 3).GetAsyncEnumerator();
        var first = reader.MoveNextAsync();

        for (var i = 1; i <= 1000; i++)
        {
            bus.Publish(Event(i));
        }

        bus.Complete();
        var received = new List<int>();
        for (var more = await first; more; more = await reader.MoveNextAsync())
        {
            received.Add((int)reader.Current.Fields["n"]!);
        }

        received.Should().BeInAscendingOrder().And.HaveCountLessThan(1000);
        received.TakeLast(3).Should().Equal(998, 999, 1000);
    }

    [Fact]
    public async Task A_live_stream_ends_when_its_reader_cancels()
    {
        var bus = new EventBus();
        using var cancel = new CancellationTokenSource();
        var read = Task.Run(async () =>
        {
            var count = 0;
            await foreach (var _ in bus.ReadAllAsync(16, cancel.Token))
            {
                count++;
            }

            return count;
        });

        await cancel.CancelAsync();

        (await read.WaitAsync(TimeSpan.FromSeconds(5))).Should().Be(0);
    }

    private sealed class Throwing : IEventPublisher
    {
        public void Publish(WardenEvent @event) => throw new InvalidOperationException("observer bug");
    }
}
