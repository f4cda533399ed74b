using Akka.Actor;

namespace ActorWarden.Simulation.VirtualTime;

/// <summary>
/// One entry of the virtual timer queue. Akka hands every overload (tell, action, runnable) an optional
/// <see cref="ICancelable"/>; it is checked when the entry comes due, so a cancelled timer never runs and
/// cancelling costs nothing more than setting Akka's own flag.
/// </summary>
internal sealed class ScheduledTimer
{
    private readonly Action _fire;
    private readonly ICancelable? _cancelable;

    public ScheduledTimer(Action fire, TimeSpan interval, ICancelable? cancelable)
    {
        _fire = fire;
        Interval = interval;
        _cancelable = cancelable;
    }

    /// <summary>Zero for a one-shot timer.</summary>
    public TimeSpan Interval { get; }

    public bool IsRepeating => Interval > TimeSpan.Zero;

    public bool IsCancelled => _cancelable?.IsCancellationRequested == true;

    public void Fire() => _fire();
}
