namespace ActorWarden.Hocon;

/// <summary>
/// A node of a HOCON tree. The set of kinds is closed (JSON's data model) so consumers can switch over
/// <see cref="Type"/>; every node remembers where it was written.
/// </summary>
public abstract class HoconValue
{
    private protected HoconValue(HoconOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        Origin = origin;
    }

    /// <summary>Where the value was written.</summary>
    public HoconOrigin Origin { get; }

    /// <summary>The kind of value.</summary>
    public abstract HoconValueType Type { get; }

    /// <summary>Renders the value as JSON (see <see cref="HoconJsonWriter"/>).</summary>
    public string ToJson(bool pretty = false) => HoconJsonWriter.Write(this, pretty);

    /// <summary>The value as it would appear inside a string concatenation (numbers keep their source text).</summary>
    internal virtual string? ConcatenationText => null;

    /// <summary>A short description for error messages, e.g. <c>"ten"</c> or <c>an object</c>.</summary>
    internal abstract string Describe();

    /// <inheritdoc />
    public override string ToString() => ToJson();
}
