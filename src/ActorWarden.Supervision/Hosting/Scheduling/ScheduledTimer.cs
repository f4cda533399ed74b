using Akka.Actor;
using Akka.Dispatch;

namespace ActorWarden.Supervision.Hosting.Scheduling;

/// <summary>
/// One entry of a timer queue (<see cref="TicklessScheduler"/>, and the virtual-time scheduler of
/// `warden simulate`). Akka hands every overload (tell, action, runnable) an optional
/// <see cref="ICancelable"/>; it is checked when the entry comes due, so a cancelled timer never runs and
/// cancelling costs nothing more than setting Akka's own flag. A scheduled tell or runnable is kept as
/// it came, not wrapped in a closure: actor timers are most of what a warden schedules.
/// </summary>
internal sealed class ScheduledTimer
{
    private readonly Action? _action;
    private readonly IRunnable? _runnable;
    private readonly ICanTell? _receiver;
    private readonly object? _message;
    private readonly IActorRef? _sender;
    private readonly ICancelable? _cancelable;

    public ScheduledTimer(Action action, TimeSpan interval, ICancelable? cancelable)
        : this(interval, cancelable) => _action = action;

    public ScheduledTimer(IRunnable runnable, TimeSpan interval, ICancelable? cancelable)
        : this(interval, cancelable) => _runnable = runnable;

    public ScheduledTimer(ICanTell receiver, object message, IActorRef sender, TimeSpan interval, ICancelable? cancelable)
        : this(interval, cancelable)
    {
        _receiver = receiver;
        _message = message;
        _sender = sender;
    }

    private ScheduledTimer(TimeSpan interval, ICancelable? cancelable)
    {
        Interval = interval;
        _cancelable = cancelable;
    }

    /// <summary>Zero for a one-shot timer.</summary>
    public TimeSpan Interval { get; }

    public bool IsRepeating => Interval > TimeSpan.Zero;

    public bool IsCancelled => _cancelable?.IsCancellationRequested == true;

    public void Fire()
    {
        if (_receiver is not null)
        {
            _receiver.Tell(_message!, _sender);
        }
        else if (_runnable is not null)
        {
            _runnable.Run();
        }
        else
        {
            _action!();
        }
    }
}
