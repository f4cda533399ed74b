namespace ActorWarden.Supervision.Tests.Policy;

/// <summary>A monotonic clock the test moves by hand; read on the supervisor's thread, so it is published atomically.</summary>
internal sealed class ManualClock
{
    private long _ticks = TimeSpan.FromHours(1).Ticks;

    public TimeSpan Now() => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
