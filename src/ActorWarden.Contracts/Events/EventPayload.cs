namespace ActorWarden.Contracts.Events;

/// <summary>
/// What one event says, as a typed record: internal consumers (dependency ordering, the status board,
/// the decision log, simulate's renderers) pattern-match on it instead of parsing fields back out of
/// strings. Only the edge turns it into named fields: <see cref="Project"/> hands them, in the order of
/// docs/events.md, to a writer (the JSON-lines file, the HTTP stream), so the field names are spelled
/// in one place per event and the wire form stays what it was.
/// </summary>
public abstract record EventPayload
{
    /// <summary>The event's name on the wire (<see cref="EventNames"/>).</summary>
    public abstract string Name { get; }

    /// <summary>Hands every field of the event, in wire order, to <paramref name="fields"/>.</summary>
    public abstract void Project(EventFieldWriter fields);

    /// <summary>
    /// The fields as a dictionary, for readers at the edge (tests, tools): built on each call, so the
    /// hot path, which never asks, never pays for it.
    /// </summary>
    public virtual IReadOnlyDictionary<string, object?> ToFields()
    {
        var map = new DictionaryFieldWriter();
        Project(map);
        return map.Fields;
    }

    /// <summary>Collects projected fields into a dictionary, keeping the CLR values the producer gave.</summary>
    private sealed class DictionaryFieldWriter : EventFieldWriter
    {
        public Dictionary<string, object?> Fields { get; } = new(StringComparer.Ordinal);

        public override void Field(string name, object? value) => Fields[name] = value;
    }
}
