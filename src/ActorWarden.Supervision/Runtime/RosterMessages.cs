using ActorWarden.Processes;

namespace ActorWarden.Supervision.Runtime;

/// <summary>An instance actor spawned (or adopted) <paramref name="Process"/>.</summary>
public sealed record ProcessSpawned(string Instance, string Service, IChildProcess Process);

/// <summary>
/// The process of <paramref name="Instance"/> ended. <paramref name="Remember"/> keeps it for the
/// leftover sweep at the instance's next stop (it ended on its own and may have left daemons).
/// </summary>
public sealed record ProcessEnded(string Instance, IChildProcess Process, bool Remember);

/// <summary>Kill what the remembered ended processes of <paramref name="Instance"/> left behind (systemd's KillMode=control-group, at stop).</summary>
public sealed record SweepLeftovers(string Instance);

/// <summary>Kill every process still alive (the shutdown timeout passed, or the stop was forced); answered with <see cref="EverythingKilled"/>.</summary>
public sealed record KillEverything
{
    public static KillEverything Instance { get; } = new();
}

/// <summary>How many live processes <see cref="KillEverything"/> killed.</summary>
public sealed record EverythingKilled(int Killed);

/// <summary>A process the roster watches by itself (a survivor of a previous warden) ended.</summary>
internal sealed record WatchedGone(int Pid);

/// <summary>Write the state file now, if the set of live processes changed since the last write.</summary>
internal sealed record FlushStateFile
{
    public static FlushStateFile Instance { get; } = new();
}
