namespace ActorWarden.Hocon;

/// <summary>
/// The spec's rule for a key defined twice: a later object merges into an earlier object, anything else
/// replaces. When either side still holds a substitution the outcome is unknown until resolution, so both
/// definitions are kept in a <see cref="HoconMergeStack"/>.
/// </summary>
internal static class RawMerge
{
    /// <summary>Merges during parsing: objects of the tree being built are updated in place.</summary>
    public static HoconValue Merge(HoconValue older, HoconValue newer) => Merge(older, newer, inPlace: true);

    /// <summary>Merges without touching either input (for values shared between configs).</summary>
    public static HoconValue MergeCopy(HoconValue older, HoconValue newer) => Merge(older, newer, inPlace: false);

    public static HoconObject MergeCopy(HoconObject older, HoconObject newer) => MergeObjects(older, newer, inPlace: false);

    private static HoconValue Merge(HoconValue older, HoconValue newer, bool inPlace)
    {
        if (!IsPending(newer))
        {
            if (newer is HoconObject newObject)
            {
                if (older is HoconObject oldObject)
                {
                    return MergeObjects(oldObject, newObject, inPlace);
                }

                if (IsPending(older))
                {
                    return Stack(older, newer);
                }
            }

            return newer;
        }

        return Stack(older, newer);
    }

    private static bool IsPending(HoconValue value) =>
        value is HoconSubstitution or HoconConcatenation or HoconMergeStack;

    private static HoconObject MergeObjects(HoconObject older, HoconObject newer, bool inPlace)
    {
        var target = inPlace ? older : Copy(older);
        foreach (var field in newer.Fields)
        {
            var merged = target.TryGetValue(field.Key, out var existing) ? Merge(existing, field.Value, inPlace) : field.Value;
            target.Set(field.Key, merged, field.KeyOrigin, field.EarlierKeyOrigins);
        }

        return target;
    }

    private static HoconObject Copy(HoconObject source)
    {
        var copy = new HoconObject(source.Origin);
        foreach (var field in source.Fields)
        {
            copy.Set(field.Key, field.Value, field.KeyOrigin, field.EarlierKeyOrigins);
        }

        return copy;
    }

    private static HoconMergeStack Stack(HoconValue older, HoconValue newer)
    {
        var definitions = new List<HoconValue>();
        Flatten(older, definitions);
        Flatten(newer, definitions);
        return new HoconMergeStack(definitions, newer.Origin);
    }

    private static void Flatten(HoconValue value, List<HoconValue> into)
    {
        if (value is HoconMergeStack stack)
        {
            into.AddRange(stack.Definitions);
        }
        else
        {
            into.Add(value);
        }
    }
}
