namespace ActorWarden.Hocon;

/// <summary>A literal <c>true</c> or <c>false</c>; the spellings on/off/yes/no are strings that <see cref="Config.GetBoolean"/> accepts.</summary>
public sealed class HoconBoolean : HoconValue
{
    public HoconBoolean(bool value, HoconOrigin origin)
        : base(origin) => Value = value;

    public bool Value { get; }

    public override HoconValueType Type => HoconValueType.Boolean;

    internal override string ConcatenationText => Value ? "true" : "false";


    internal override string Describe() => ConcatenationText;
}
