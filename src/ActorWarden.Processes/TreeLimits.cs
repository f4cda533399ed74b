namespace ActorWarden.Processes;

/// <summary>
/// Kernel-enforced limits for one started tree, written to its control group before the child runs:
/// systemd's MemoryMax (memory.max), TasksMax (pids.max) and CPUQuota (cpu.max). Null means no limit.
/// </summary>
public sealed record TreeLimits
{
    /// <summary>No limits.</summary>
    public static readonly TreeLimits None = new();

    /// <summary>Memory of the whole tree in bytes; above it the kernel reclaims and then OOM-kills inside the group.</summary>
    public long? MemoryMax { get; init; }

    /// <summary>Processes and threads of the whole tree; fork and clone fail with EAGAIN at the limit.</summary>
    public int? PidsMax { get; init; }

    /// <summary>CPU time of the whole tree as a fraction of one CPU (0.5 = 50 %, 2 = two CPUs), enforced per 100 ms period.</summary>
    public double? CpuQuota { get; init; }

    /// <summary>True when no limit is set.</summary>
    public bool IsEmpty => MemoryMax is null && PidsMax is null && CpuQuota is null;
}
