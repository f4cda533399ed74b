namespace ActorWarden.Actors;

/// <summary>
/// The only source of time for actors and the domain. Wall-clock time (<see cref="UtcNow"/>) is for
/// display and timestamps; <see cref="Monotonic"/> is for measuring intervals, because wall clocks jump
/// (NTP, DST, manual changes) and a supervisor must not mis-count restart windows when they do.
/// </summary>
public interface IClock
{
    /// <summary>Wall-clock time, for timestamps shown to people.</summary>
    DateTimeOffset UtcNow { get; }

    /// <summary>Time elapsed since an arbitrary fixed origin; never goes backwards.</summary>
    TimeSpan Monotonic { get; }
}
