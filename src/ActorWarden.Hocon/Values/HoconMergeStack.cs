namespace ActorWarden.Hocon;

/// <summary>
/// Successive definitions of one field that could not be merged while parsing because one of them holds
/// a substitution. Resolution folds them newest first; a self-referential definition sees only the older ones.
/// </summary>
internal sealed class HoconMergeStack : HoconValue
{
    public HoconMergeStack(IReadOnlyList<HoconValue> definitions, HoconOrigin origin)
        : base(origin) => Definitions = definitions;

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<HoconValue> Definitions { get; }

    public override HoconValueType Type => HoconValueType.Unresolved;


    internal override string Describe() => "a merge of several definitions";
}
