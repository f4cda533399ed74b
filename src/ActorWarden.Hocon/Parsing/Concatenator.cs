namespace ActorWarden.Hocon;

/// <summary>
/// Joins the parts of a value concatenation once none of them is a substitution: strings join with their
/// whitespace, arrays append, objects merge (later wins); mixing kinds is an error at the offending part.
/// </summary>
internal static class Concatenator
{
    /// <param name="parts">Parts with no undefined entries; unquoted whitespace separators included.</param>
    /// <param name="origin">Origin of the whole concatenation.</param>
    /// <param name="copyObjects">True when the parts may be shared and must not be modified.</param>
    public static HoconValue Combine(IReadOnlyList<HoconValue> parts, HoconOrigin origin, bool copyObjects)
    {
        if (parts.Count == 1)
        {
            return parts[0];
        }

        var composite = parts.FirstOrDefault(p => p is HoconObject or HoconArray);
        if (composite is null)
        {
            return new HoconString(string.Concat(parts.Select(p => p.ConcatenationText)), origin);
        }

        var items = parts.Where(p => p is not HoconString { IsSeparator: true }).ToList();
        if (composite is HoconArray)
        {
            var result = new HoconArray(origin);
            foreach (var item in items)
            {
                if (item is not HoconArray array)
                {
                    throw new HoconException(item.Origin, $"expected a list to concatenate with the list at {composite.Origin.Line}:{composite.Origin.Column}, found {item.Describe()}");
                }

                foreach (var element in array)
                {
                    result.Add(element);
                }
            }

            return result;
        }

        HoconValue? merged = null;
        foreach (var item in items)
        {
            if (item is not HoconObject)
            {
                throw new HoconException(item.Origin, $"expected an object to merge with the object at {composite.Origin.Line}:{composite.Origin.Column}, found {item.Describe()}");
            }

            merged = merged is null ? item : copyObjects ? RawMerge.MergeCopy(merged, item) : RawMerge.Merge(merged, item);
        }

        return merged!;
    }
}
