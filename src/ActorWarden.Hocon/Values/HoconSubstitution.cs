namespace ActorWarden.Hocon;

/// <summary>
/// <c>${path}</c> or <c>${?path}</c> before resolution. A substitution written in an included file is tried
/// first relative to the include point, then as written, so it carries several candidate paths.
/// </summary>
internal sealed class HoconSubstitution : HoconValue
{
    public HoconSubstitution(HoconPath path, bool optional, HoconOrigin origin)
        : this([path], optional, origin)
    {
    }

    private HoconSubstitution(IReadOnlyList<HoconPath> candidates, bool optional, HoconOrigin origin)
        : base(origin)
    {
        Candidates = candidates;
        Optional = optional;
    }

    /// <summary>Paths to try in order; the last one is the path as written (also used for the environment).</summary>
    public IReadOnlyList<HoconPath> Candidates { get; }

    public HoconPath WrittenPath => Candidates[^1];

    public bool Optional { get; }

    public override HoconValueType Type => HoconValueType.Unresolved;


    /// <summary>Re-roots the substitution under <paramref name="prefix"/> (include point), keeping the old paths as fallbacks.</summary>
    public HoconSubstitution Relativize(HoconPath prefix)
    {
        var list = new List<HoconPath>(Candidates.Count + 1);
        foreach (var c in Candidates)
        {
            var p = prefix.Append(c);
            if (!list.Contains(p))
            {
                list.Add(p);
            }
        }

        foreach (var c in Candidates)
        {
            if (!list.Contains(c))
            {
                list.Add(c);
            }
        }

        return new HoconSubstitution(list, Optional, Origin);
    }

    internal override string Describe() => Optional ? $"${{?{WrittenPath}}}" : $"${{{WrittenPath}}}";
}
