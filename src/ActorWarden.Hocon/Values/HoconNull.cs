namespace ActorWarden.Hocon;

/// <summary>A literal <c>null</c>: a defined value that blocks merging with earlier objects, unlike a missing key.</summary>
public sealed class HoconNull : HoconValue
{
    public HoconNull(HoconOrigin origin)
        : base(origin)
    {
    }

    public override HoconValueType Type => HoconValueType.Null;

    internal override string ConcatenationText => "null";


    internal override string Describe() => "null";
}
