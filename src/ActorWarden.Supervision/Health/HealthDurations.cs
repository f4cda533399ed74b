namespace ActorWarden.Supervision.Health;

/// <summary>How health details spell a duration: whole seconds as <c>5s</c>, anything finer in milliseconds, as the config would write it.</summary>
internal static class HealthDurations
{
    public static string Format(TimeSpan span) =>
        span.TotalSeconds >= 1 && span.Milliseconds == 0 ? $"{span.TotalSeconds:0}s" : $"{span.TotalMilliseconds:0}ms";
}
