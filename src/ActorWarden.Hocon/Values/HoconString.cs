namespace ActorWarden.Hocon;

/// <summary>A string value, quoted or unquoted in the source; units and booleans stay strings until a typed getter reads them.</summary>
public sealed class HoconString : HoconValue
{
    public HoconString(string value, HoconOrigin origin)
        : base(origin)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    private HoconString(string value, HoconOrigin origin, bool separator)
        : this(value, origin) => IsSeparator = separator;

    /// <summary>The string's characters, escapes already decoded.</summary>
    public string Value { get; }

    public override HoconValueType Type => HoconValueType.String;

    /// <summary>Unquoted whitespace between the parts of a concatenation: kept for strings, dropped for arrays and objects.</summary>
    internal bool IsSeparator { get; }

    internal override string ConcatenationText => Value;


    internal static HoconString Separator(string whitespace, HoconOrigin origin) => new(whitespace, origin, separator: true);

    internal override string Describe() => HoconJsonWriter.Quote(Value);
}
