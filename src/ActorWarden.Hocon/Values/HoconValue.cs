namespace ActorWarden.Hocon;

/// <summary>
/// A node of a HOCON tree. The set of kinds is closed (JSON's data model) so consumers can switch over
/// <see cref="Type"/>; every node remembers where it was written.
/// </summary>
public abstract class HoconValue
{
    // The position is kept unboxed: a large config holds hundreds of thousands of values, and a separate
    // origin object per value would double what the garbage collector has to trace.
    private readonly string _file;
    private readonly int _line;
    private readonly int _column;

    private protected HoconValue(HoconOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        (_file, _line, _column) = (origin.File, origin.Line, origin.Column);
    }

    /// <summary>Where the value was written.</summary>
    public HoconOrigin Origin => new(_file, _line, _column);

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
