using Akka.Actor;

namespace ActorWarden.Supervision.Tests.Fakes;

/// <summary>A clock that never moves, for code that only stamps what it reads.</summary>
internal sealed class FixedClock : ITimeProvider
{
    public DateTimeOffset Now { get; } = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public TimeSpan MonotonicClock => TimeSpan.Zero;

    public TimeSpan HighResMonotonicClock => TimeSpan.Zero;
}
