namespace ActorWarden.Contracts.Events;

/// <summary><c>command</c>: an operator start, stop or restart was accepted.</summary>
public sealed record CommandEvent(string Command, string Target, IReadOnlyList<string> Affected) : EventPayload
{
    public override string Name => EventNames.Command;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("command", Command);
        fields.Field("target", Target);
        fields.Field("affected", Affected);
    }
}

/// <summary><c>reloading</c>: a reload of <paramref name="File"/> began.</summary>
public sealed record ReloadingEvent(string File) : EventPayload
{
    public override string Name => EventNames.Reloading;

    public override void Project(EventFieldWriter fields) => fields.Field("file", File);
}

/// <summary><c>reloaded</c>: a reload was applied; each list names services (groups for <paramref name="RecreatedGroups"/>).</summary>
public sealed record ReloadedEvent(
    string File,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> InPlace,
    IReadOnlyList<string> RecreatedGroups) : EventPayload
{
    public override string Name => EventNames.Reloaded;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("file", File);
        fields.Field("added", Added);
        fields.Field("removed", Removed);
        fields.Field("changed", Changed);
        fields.Field("in_place", InPlace);
        fields.Field("recreated_groups", RecreatedGroups);
    }
}

/// <summary><c>reload-failed</c>: the new file is invalid; nothing changed.</summary>
public sealed record ReloadFailedEvent(string File, string Error) : EventPayload
{
    public override string Name => EventNames.ReloadFailed;

    public override void Project(EventFieldWriter fields)
    {
        fields.Field("file", File);
        fields.Field("error", Error);
    }
}
