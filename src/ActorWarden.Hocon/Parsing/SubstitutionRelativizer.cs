using System.Runtime.CompilerServices;

namespace ActorWarden.Hocon.Parsing;

/// <summary>
/// Re-roots the substitutions of an included file at the include point (<c>a { include "x" }</c> makes
/// <c>${y}</c> in x look for <c>a.y</c> first, then <c>y</c>), as the spec requires.
/// </summary>
internal static class SubstitutionRelativizer
{
    public static HoconObject Relativize(HoconObject obj, HoconPath prefix) => (HoconObject)Rewrite(obj, prefix);

    private static HoconValue Rewrite(HoconValue value, HoconPath prefix)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new HoconException(value.Origin, "expected an included file nested less deeply, found nesting too deep to process");
        }

        switch (value)
        {
            case HoconSubstitution s:
                return s.Relativize(prefix);
            case HoconConcatenation c:
                return new HoconConcatenation(c.Parts.Select(p => Rewrite(p, prefix)).ToList(), c.Origin);
            case HoconMergeStack m:
                return new HoconMergeStack(m.Definitions.Select(d => Rewrite(d, prefix)).ToList(), m.Origin);
            case HoconObject o:
                var obj = new HoconObject(o.Origin);
                foreach (var (key, child, keyOrigin) in o.Fields)
                {
                    obj.Set(key, Rewrite(child, prefix), keyOrigin);
                }

                return obj;
            case HoconArray a:
                return new HoconArray(a.Select(e => Rewrite(e, prefix)), a.Origin);
            default:
                return value;
        }
    }
}
