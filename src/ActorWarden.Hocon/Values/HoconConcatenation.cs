namespace ActorWarden.Hocon;

/// <summary>
/// Adjacent values on one line (<c>foo bar ${x}</c>, <c>${a} [1]</c>, <c>${o} { k = v }</c>) awaiting resolution:
/// strings join with the whitespace kept, arrays concatenate, objects merge.
/// </summary>
internal sealed class HoconConcatenation : HoconValue
{
    public HoconConcatenation(IReadOnlyList<HoconValue> parts, HoconOrigin origin)
        : base(origin) => Parts = parts;

    public IReadOnlyList<HoconValue> Parts { get; }

    public override HoconValueType Type => HoconValueType.Unresolved;


    internal override string Describe() => "a concatenation";
}
