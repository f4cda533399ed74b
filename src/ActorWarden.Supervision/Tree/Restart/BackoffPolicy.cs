using ActorWarden.Config;

namespace ActorWarden.Supervision.Tree.Restart;

/// <summary>
/// The restart delay: min * multiplier^(n-1), capped at max, then +/- jitter. Jitter comes from a
/// Random the caller owns and seeds, so a simulation with the same seed waits exactly the same.
/// </summary>
public static class BackoffPolicy
{
    /// <summary>The delay before restart number <paramref name="attempt"/> (1-based) of a sequence.</summary>
    public static TimeSpan Delay(BackoffSpec spec, int attempt, Random random)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(random);
        if (spec.Min <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var n = Math.Max(1, attempt);
        var multiplier = Math.Max(1.0, spec.Multiplier);
        var ms = spec.Min.TotalMilliseconds * Math.Pow(multiplier, n - 1);
        var max = Math.Max(spec.Min.TotalMilliseconds, spec.Max.TotalMilliseconds);
        if (double.IsNaN(ms) || ms > max)
        {
            ms = max;
        }

        var jitter = Math.Clamp(spec.Jitter, 0.0, 1.0);
        if (jitter > 0)
        {
            ms *= 1.0 + (jitter * ((2.0 * random.NextDouble()) - 1.0));
        }

        return TimeSpan.FromTicks((long)Math.Round(Math.Max(0.0, ms) * TimeSpan.TicksPerMillisecond));
    }
}
