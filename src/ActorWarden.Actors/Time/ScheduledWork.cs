namespace ActorWarden.Actors;

/// <summary>
/// One timer entry shared by both schedulers: either a tell (receiver + message) or an action, optionally
/// repeating. Cancellation is a flag checked when the entry comes due, so cancelling is O(1).
/// </summary>
internal sealed class ScheduledWork : ICancelable
{
    private int _cancelled;

    public ScheduledWork(IActorRef? receiver, object? message, IActorRef? sender, Action? action, TimeSpan interval)
    {
        Receiver = receiver;
        Message = message;
        Sender = sender;
        Action = action;
        Interval = interval;
    }

    public IActorRef? Receiver { get; }

    public object? Message { get; }

    public IActorRef? Sender { get; }

    public Action? Action { get; }

    /// <summary>Zero for one-shot work.</summary>
    public TimeSpan Interval { get; }

    public bool IsRepeating => Interval > TimeSpan.Zero;

    public bool IsCancellationRequested => Volatile.Read(ref _cancelled) != 0;

    public void Cancel() => Interlocked.Exchange(ref _cancelled, 1);

    /// <summary>Delivers the tell, or runs the action through <paramref name="runAction"/>.</summary>
    public void Fire(Action<Action> runAction)
    {
        if (IsCancellationRequested)
        {
            return;
        }

        if (Receiver is not null)
        {
            Receiver.Tell(Message!, Sender);
        }
        else if (Action is not null)
        {
            runAction(Action);
        }
    }

    internal static void ValidateDelay(TimeSpan delay, string parameter)
    {
        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(parameter, delay, $"{parameter} must not be negative.");
        }
    }

    internal static void ValidateInterval(TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "A repeating timer needs a positive interval.");
        }
    }
}
