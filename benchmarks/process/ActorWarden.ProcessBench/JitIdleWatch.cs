namespace ActorWarden.ProcessBench;

/// <summary>
/// Tells when the warden's background JIT thread (".NET Tiered Compilation Worker") has stopped working:
/// its CPU time unchanged for two seconds (its ticks are 10 ms, so a shorter window misses a slow trickle). Until then the restart path is still being recompiled at tier 1
/// (with the profile the instrumented tier collected), which took 8-12 thousand restarts here, and a
/// measurement would report the compiler's work as the warden's.
/// </summary>
internal sealed class JitIdleWatch(int pid)
{
    private const long SecondNs = 1_000_000_000;
    private long _changedAt = -1;
    private long _sampledAt = -1;
    private long _ticks = -1;

    /// <summary>Samples the JIT thread at most every 100 ms; true once its CPU has not moved for two seconds.</summary>
    public bool IdleForTwoSeconds(long nowNs)
    {
        if (_sampledAt >= 0 && nowNs - _sampledAt < SecondNs / 10)
        {
            return false;
        }

        _sampledAt = nowNs;
        var ticks = Proc.ThreadCpu(pid).Values.Where(t => t.Name.StartsWith(".NET Tiered", StringComparison.Ordinal)).Sum(t => t.Ticks);
        if (ticks != _ticks)
        {
            _ticks = ticks;
            _changedAt = nowNs;
            return false;
        }

        return nowNs - _changedAt >= 2 * SecondNs;
    }
}
