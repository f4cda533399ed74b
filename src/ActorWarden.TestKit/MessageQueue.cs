using ActorWarden.Actors;

namespace ActorWarden.TestKit;

/// <summary>The queue a test actor fills and the test thread drains, with a blocking take bounded by a timeout.</summary>
internal sealed class MessageQueue
{
    private readonly Queue<ReceivedMessage> _messages = new();

    public void Add(ReceivedMessage message)
    {
        lock (_messages)
        {
            _messages.Enqueue(message);
            Monitor.PulseAll(_messages);
        }
    }

    public bool TryTake(TimeSpan timeout, out ReceivedMessage message)
    {
        var remaining = timeout;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        lock (_messages)
        {
            while (_messages.Count == 0)
            {
                remaining = timeout - clock.Elapsed;
                if (remaining <= TimeSpan.Zero || !Monitor.Wait(_messages, remaining))
                {
                    if (_messages.Count > 0)
                    {
                        break;
                    }

                    message = null!;
                    return false;
                }
            }

            message = _messages.Dequeue();
            return true;
        }
    }

    /// <summary>Blocks up to <paramref name="timeout"/> or until a message arrives, without taking it.</summary>
    public void WaitForActivity(TimeSpan timeout)
    {
        lock (_messages)
        {
            if (_messages.Count == 0 && timeout > TimeSpan.Zero)
            {
                Monitor.Wait(_messages, timeout);
            }
        }
    }
}

/// <summary>The actor behind TestActor and probes: records everything it receives, watches on request.</summary>
internal sealed class RecordingActor : ActorBase
{
    private readonly MessageQueue _queue;

    public RecordingActor(MessageQueue queue)
    {
        _queue = queue;
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case WatchCommand watch:
                Context.Watch(watch.Subject);
                break;
            case UnwatchCommand unwatch:
                Context.Unwatch(unwatch.Subject);
                break;
            default:
                _queue.Add(new ReceivedMessage(message, Sender));
                break;
        }

        return true;
    }

    internal sealed record WatchCommand(IActorRef Subject);

    internal sealed record UnwatchCommand(IActorRef Subject);
}
