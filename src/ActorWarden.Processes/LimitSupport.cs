namespace ActorWarden.Processes;

/// <summary>The <see cref="TreeLimits"/> a launcher can enforce through the kernel; the rest must be polled or refused.</summary>
/// <param name="Memory">memory.max / memory.limit_in_bytes, and the OOM-kill counter.</param>
/// <param name="Pids">pids.max.</param>
/// <param name="Cpu">cpu.max / cpu.cfs_quota_us.</param>
public sealed record LimitSupport(bool Memory, bool Pids, bool Cpu)
{
    /// <summary>Nothing is enforced by the kernel.</summary>
    public static readonly LimitSupport None = new(false, false, false);
}
