namespace ActorWarden.Contracts.Events;

/// <summary><c>started</c>: a process was spawned, or a survivor of a previous warden adopted.</summary>
public sealed record StartedEvent(int Pid, string Command, IReadOnlyList<string> Args, bool Adopted) : EventPayload
{
    public override string Name => EventNames.Started;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("pid", Pid);
        fields.Field("command", Command);
        fields.Field("args", Args);
        fields.Field("adopted", Adopted);
    }
}

/// <summary><c>spawn-failed</c>: the OS (or a pre-start command) refused to start the command.</summary>
public sealed record SpawnFailedEvent(string Error, string Command) : EventPayload
{
    public override string Name => EventNames.SpawnFailed;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("error", Error);
        fields.Field("command", Command);
    }
}

/// <summary><c>exited</c>: a process ended without being asked to.</summary>
public sealed record ExitedEvent(int Pid, int? Code, int? Signal, bool CoreDumped, long RanForMs, bool FailedStart) : EventPayload
{
    public override string Name => EventNames.Exited;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("pid", Pid);
        fields.Field("code", Code);
        fields.Field("signal", Signal);
        fields.Field("core_dumped", CoreDumped);
        fields.Field("ran_for_ms", RanForMs);
        fields.Field("failed_start", FailedStart);
    }
}

/// <summary><c>stopping</c>: the stop ladder began.</summary>
public sealed record StoppingEvent(int Pid, string Signal, long TimeoutMs, string Reason) : EventPayload
{
    public override string Name => EventNames.Stopping;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("pid", Pid);
        fields.Field("signal", Signal);
        fields.Field("timeout_ms", TimeoutMs);
        fields.Field("reason", Reason);
    }
}

/// <summary><c>stopped</c>: a process ended while being stopped.</summary>
public sealed record StoppedEvent(int Pid, int? Code, int? Signal, long RanForMs) : EventPayload
{
    public override string Name => EventNames.Stopped;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("pid", Pid);
        fields.Field("code", Code);
        fields.Field("signal", Signal);
        fields.Field("ran_for_ms", RanForMs);
    }
}

/// <summary><c>killed</c>: the process tree was killed at the end of the stop ladder.</summary>
public sealed record KilledEvent(int Pid, string Reason) : EventPayload
{
    public override string Name => EventNames.Killed;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("pid", Pid);
        fields.Field("reason", Reason);
    }
}

/// <summary><c>memory-exceeded</c>: the tree's RSS went over max-memory.</summary>
public sealed record MemoryExceededEvent(int Pid, long RssBytes, long LimitBytes) : EventPayload
{
    public override string Name => EventNames.MemoryExceeded;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("pid", Pid);
        fields.Field("rss_bytes", RssBytes);
        fields.Field("limit_bytes", LimitBytes);
    }
}

/// <summary><c>oom-killed</c>: the kernel OOM-killed processes of the tree at max-memory.</summary>
public sealed record OomKilledEvent(int Pid, long OomKills, long? LimitBytes, long? MemoryBytes) : EventPayload
{
    public override string Name => EventNames.OomKilled;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("pid", Pid);
        fields.Field("oom_kills", OomKills);
        fields.Field("limit_bytes", LimitBytes);
        fields.Field("memory_bytes", MemoryBytes);
    }
}

/// <summary>
/// <c>leftovers</c> (the main process exited on its own) or <c>escaped</c> (it ended in a stop,
/// <paramref name="InStop"/>): processes of its tree still ran; <paramref name="Kept"/> with kill-mode = process.
/// </summary>
public sealed record LeftoversEvent(bool InStop, int Pid, IReadOnlyList<int> Pids, IReadOnlyList<string> Commands, bool Kept) : EventPayload
{
    public override string Name => InStop ? EventNames.Escaped : EventNames.Leftovers;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("pid", Pid);
        fields.Field("pids", Pids);
        fields.Field("commands", Commands);
        fields.Field("action", Kept ? "kept" : "killed");
    }
}
