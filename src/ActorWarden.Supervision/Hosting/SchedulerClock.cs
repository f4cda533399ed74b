using Akka.Actor;

namespace ActorWarden.Supervision.Hosting;

/// <summary>
/// The domain reads time only from the actor system's scheduler, so that <c>warden simulate</c> and the
/// virtual-time tests move it. Akka spells the two clocks <c>Now</c> and <c>MonotonicClock</c>; these
/// names say which one a caller means: wall time for event stamps, monotonic time for every interval.
/// </summary>
public static class SchedulerClock
{
    extension(ITimeProvider clock)
    {
        /// <summary>Wall-clock time of the scheduler (virtual under simulate).</summary>
        public DateTimeOffset UtcNow => clock.Now;

        /// <summary>Monotonic time of the scheduler (virtual under simulate): what every interval is measured on.</summary>
        public TimeSpan Monotonic => clock.MonotonicClock;
    }
}
