using System.Globalization;

namespace ActorWarden.Contracts.Events;

/// <summary>
/// <c>notify</c>: the instance told something on its notify socket (STATUS=, STOPPING=1, RELOADING=1,
/// MAINPID=, ERRNO=); <paramref name="Pid"/> is the sender.
/// </summary>
public sealed record NotifyEvent(int Pid, string? Status, bool Stopping, bool Reloading, int? MainPid, int? Errno) : EventPayload
{
    public override string Name => EventNames.Notify;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("pid", Pid);
        fields.Field("status", Status);
        fields.Field("stopping", Stopping);
        fields.Field("reloading", Reloading);
        fields.Field("main_pid", MainPid);
        fields.Field("errno", Errno);
    }

    /// <summary>
    /// The one line the status table, the status page and the warden's log show for it (e.g.
    /// <c>stopping: draining 12 connections</c>); null when it says nothing to show.
    /// </summary>
    public string? Describe()
    {
        var parts = new List<string>();
        if (Stopping)
        {
            parts.Add("stopping");
        }

        if (Reloading)
        {
            parts.Add("reloading");
        }

        if (Errno is { } errno)
        {
            parts.Add("errno " + errno.ToString(CultureInfo.InvariantCulture));
        }

        if (MainPid is { } main)
        {
            parts.Add("main pid " + main.ToString(CultureInfo.InvariantCulture));
        }

        var prefix = string.Join(", ", parts);
        return Status is { Length: > 0 } status
            ? (prefix.Length > 0 ? $"{prefix}: {status}" : status)
            : (prefix.Length > 0 ? prefix : null);
    }
}

/// <summary><c>notify-refused</c>: a notify datagram from outside the instance's process tree was dropped.</summary>
public sealed record NotifyRefusedEvent(int? Pid, int? Uid, string Reason, long Refused) : EventPayload
{
    public override string Name => EventNames.NotifyRefused;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("pid", Pid);
        fields.Field("uid", Uid);
        fields.Field("reason", Reason);
        fields.Field("refused", Refused);
    }
}

/// <summary>
/// <c>main-pid</c>: the spawned process (<paramref name="LauncherPid"/>) exited after naming another with
/// MAINPID=; <paramref name="Pid"/> is the instance's process from now on.
/// </summary>
public sealed record MainPidEvent(int Pid, int LauncherPid, int? Code, int? Signal) : EventPayload
{
    public override string Name => EventNames.MainPid;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("pid", Pid);
        fields.Field("launcher_pid", LauncherPid);
        fields.Field("code", Code);
        fields.Field("signal", Signal);
    }
}
