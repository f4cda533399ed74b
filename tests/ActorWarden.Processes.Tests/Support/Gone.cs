using ActorWarden.Processes.Linux;

namespace ActorWarden.Processes.Tests.Support;

/// <summary>Facts about whether a process is still around, as /proc reports them.</summary>
internal static class Gone
{
    /// <summary>True when the process no longer exists at all (neither running nor a zombie).</summary>
    public static bool Completely(int pid, ulong startTime) => ProcFs.ReadStartTime(pid) != startTime;

    public static bool Alive(int pid) => ProcFs.ReadStat(pid) is { State: not 'Z' };
}
