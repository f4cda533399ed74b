namespace ActorWarden.Processes;

/// <summary>
/// What one contained tree uses, read from its control group; a field is null when the controller
/// behind it is not available to the warden.
/// </summary>
/// <param name="MemoryBytes">memory.current (v2) or memory.usage_in_bytes (v1): the whole tree's memory, page cache included.</param>
/// <param name="CpuTime">CPU time consumed by the whole tree, dead members included.</param>
/// <param name="Pids">pids.current: tasks (processes and threads) in the group; without the pids controller, the processes listed in cgroup.procs.</param>
/// <param name="OomKills">The oom_kill counter of memory.events (v2) or memory.oom_control (v1): processes of this tree the kernel OOM-killed.</param>
public sealed record ResourceUsage(long? MemoryBytes, TimeSpan? CpuTime, int? Pids, long? OomKills);
