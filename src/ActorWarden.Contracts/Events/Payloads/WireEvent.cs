namespace ActorWarden.Contracts.Events;

/// <summary>
/// An event read back from the wire (the API client parsing <c>GET /v1/events</c>, a test's fixture):
/// its name and fields as they came, untyped. The warden itself never emits one.
/// </summary>
public sealed record WireEvent(string Event, IReadOnlyDictionary<string, object?> Fields) : EventPayload
{
    /// <inheritdoc />
    public override string Name => Event;

    /// <inheritdoc />
    public override void Project(EventFieldWriter fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var (key, value) in Fields)
        {
            fields.Field(key, value);
        }
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> ToFields() => Fields;
}
