namespace ActorWarden.Contracts.Events;

/// <summary><c>warden-started</c>: the tree was created.</summary>
public sealed record WardenStartedEvent(string WardenName, string Config, int Pid, int Services, int Instances) : EventPayload
{
    public override string Name => EventNames.WardenStarted;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("name", WardenName);
        fields.Field("config", Config);
        fields.Field("pid", Pid);
        fields.Field("services", Services);
        fields.Field("instances", Instances);
    }
}

/// <summary><c>warden-ready</c>: every autostart service is Running and healthy.</summary>
public sealed record WardenReadyEvent(IReadOnlyList<string> Services) : EventPayload
{
    public override string Name => EventNames.WardenReady;

    public override void Project(EventFieldWriter fields) => fields.Field("services", Services);
}

/// <summary><c>warden-stopping</c>: shutdown began.</summary>
public sealed record WardenStoppingEvent(string Reason, long TimeoutMs) : EventPayload
{
    public override string Name => EventNames.WardenStopping;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("reason", Reason);
        fields.Field("timeout_ms", TimeoutMs);
    }
}

/// <summary><c>warden-stopped</c>: the last event of a run; <paramref name="Killed"/> processes were killed at the deadline.</summary>
public sealed record WardenStoppedEvent(int ExitCode, int Killed) : EventPayload
{
    public override string Name => EventNames.WardenStopped;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("exit_code", ExitCode);
        fields.Field("killed", Killed);
    }
}

/// <summary><c>orphan</c>: a survivor of a previous warden was found at startup and adopted or killed.</summary>
public sealed record OrphanEvent(int Pid, bool Adopted) : EventPayload
{
    public override string Name => EventNames.Orphan;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("pid", Pid);
        fields.Field("action", Adopted ? "adopted" : "killed");
    }
}

/// <summary><c>leftover-cgroup</c>: processes a previous warden left in a control group were killed at startup.</summary>
public sealed record LeftoverGroupEvent(string Group, IReadOnlyList<int> Pids, IReadOnlyList<string> Commands) : EventPayload
{
    public override string Name => EventNames.LeftoverGroup;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("group", Group);
        fields.Field("pids", Pids);
        fields.Field("commands", Commands);
        fields.Field("action", "killed");
    }
}
