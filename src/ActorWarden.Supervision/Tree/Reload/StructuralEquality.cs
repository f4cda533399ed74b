using System.Collections;
using System.Reflection;

namespace ActorWarden.Supervision.Tree.Reload;

/// <summary>
/// Value equality for the settings records. Compiler-generated record equality compares lists and
/// dictionaries by reference, so two bindings of the same file would look "changed" and a reload would
/// restart every service; this compares public properties recursively, sequences in order and
/// dictionaries by key, so only a real change restarts anything.
/// </summary>
public static class StructuralEquality
{
    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> hold the same values.</summary>
    public static bool AreEqual(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null || a.GetType() != b.GetType())
        {
            return false;
        }

        switch (a)
        {
            case string or ValueType or Type:
                return a.Equals(b);
            case IDictionary da:
                return DictionariesEqual(da, (IDictionary)b);
            case IEnumerable ea:
                return SequencesEqual(ea, (IEnumerable)b);
        }

        foreach (var property in a.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || !property.CanRead)
            {
                continue;
            }

            if (!AreEqual(property.GetValue(a), property.GetValue(b)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool DictionariesEqual(IDictionary a, IDictionary b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (DictionaryEntry entry in a)
        {
            if (!b.Contains(entry.Key) || !AreEqual(entry.Value, b[entry.Key]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SequencesEqual(IEnumerable a, IEnumerable b)
    {
        var left = a.GetEnumerator();
        var right = b.GetEnumerator();
        while (true)
        {
            var hasLeft = left.MoveNext();
            var hasRight = right.MoveNext();
            if (hasLeft != hasRight)
            {
                return false;
            }

            if (!hasLeft)
            {
                return true;
            }

            if (!AreEqual(left.Current, right.Current))
            {
                return false;
            }
        }
    }
}
