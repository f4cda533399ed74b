namespace ActorWarden.Contracts.Events;

/// <summary><c>signalled</c>: an operator sent a signal to an instance (<paramref name="Group"/>: to its process group).</summary>
public sealed record SignalledEvent(int Pid, string Signal, bool Group) : EventPayload
{
    public override string Name => EventNames.Signalled;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("pid", Pid);
        fields.Field("signal", Signal);
        fields.Field("group", Group);
    }
}

/// <summary>
/// <c>service-reloaded</c>: the program reloaded in place, same pid, either by <paramref name="Signal"/>
/// (reload.signal) or by <paramref name="Command"/> with its <paramref name="Output"/> (reload.command).
/// </summary>
public sealed record ServiceReloadedEvent(int Pid, string? Signal, string? Command, string? Output) : EventPayload
{
    public override string Name => EventNames.ServiceReloaded;

    /// <summary>Reloaded by sending a signal.</summary>
    public static ServiceReloadedEvent BySignal(int pid, string signal) => new(pid, signal, null, null);

    /// <summary>Reloaded by a reload.command that succeeded.</summary>
    public static ServiceReloadedEvent ByCommand(int pid, string command, string output) => new(pid, null, command, output);

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("pid", Pid);
        if (Signal is not null)
        {
            fields.Field("signal", Signal);
            return;
        }

        fields.Field("command", Command);
        fields.Field("output", Output);
    }
}

/// <summary><c>service-reload-failed</c>: a reload.command failed (or could not be planned: no <paramref name="Command"/>); the program keeps running.</summary>
public sealed record ServiceReloadFailedEvent(int Pid, string? Command, string Error) : EventPayload
{
    public override string Name => EventNames.ServiceReloadFailed;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("pid", Pid);
        if (Command is not null)
        {
            fields.Field("command", Command);
        }

        fields.Field("error", Error);
    }
}
