namespace ActorWarden.Actors;

/// <summary>
/// Where undeliverable messages end up. Every dead letter is counted (a metric) and logged at a bounded
/// rate, so a crash-looping service that floods a stopped actor cannot flood the log as well.
/// </summary>
internal sealed class DeadLetterActorRef : InternalActorRef
{
    private const int LogBurst = 10;
    private static readonly TimeSpan LogWindow = TimeSpan.FromSeconds(10);
    private readonly ActorSystem _system;
    private readonly object _logGate = new();
    private long _count;
    private TimeSpan _windowStart = TimeSpan.MinValue;
    private int _loggedInWindow;
    private int _suppressedInWindow;

    public DeadLetterActorRef(ActorSystem system, ActorPath path)
    {
        _system = system;
        Path = path;
    }

    public override ActorPath Path { get; }

    public override int Uid => 0;

    public override bool IsTerminated => false;

    public long Count => Interlocked.Read(ref _count);

    public override void Tell(object message, IActorRef? sender = null)
    {
        var letter = message as DeadLetter ?? new DeadLetter(message, sender ?? this, this);
        Publish(letter);
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        if (message is WatchRequest watch)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(watch.Watchee, ExistenceConfirmed: false, AddressTerminated: false));
        }
    }

    public void Publish(DeadLetter letter)
    {
        Interlocked.Increment(ref _count);
        if (letter.Message is Terminated or PoisonPill)
        {
            return;
        }

        int suppressed;
        lock (_logGate)
        {
            var now = _system.Scheduler.Monotonic;
            if (_windowStart == TimeSpan.MinValue || now - _windowStart >= LogWindow)
            {
                suppressed = _suppressedInWindow;
                _windowStart = now;
                _loggedInWindow = 0;
                _suppressedInWindow = 0;
            }
            else
            {
                suppressed = 0;
            }

            if (_loggedInWindow >= LogBurst)
            {
                _suppressedInWindow++;
                return;
            }

            _loggedInWindow++;
        }

        _system.Log
            .ForContext("ActorPath", letter.Recipient.Path.ToString())
            .Information(
                "Dead letter: {MessageType} from {Sender} to {Recipient} was not delivered ({Suppressed} more suppressed in the previous window)",
                letter.Message.GetType().Name,
                letter.Sender.Path.ToString(),
                letter.Recipient.Path.ToString(),
                suppressed);
    }
}
