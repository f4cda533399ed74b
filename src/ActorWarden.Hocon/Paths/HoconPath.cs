using System.Text;

namespace ActorWarden.Hocon;

/// <summary>
/// A parsed path expression: the key elements from the root. Elements may contain dots or be empty when
/// they were quoted in the source, so paths are never compared or split as plain strings.
/// </summary>
internal sealed class HoconPath : IEquatable<HoconPath>
{
    public static readonly HoconPath Empty = new([]);

    public HoconPath(IReadOnlyList<string> elements) => Elements = elements;

    public IReadOnlyList<string> Elements { get; }

    public int Length => Elements.Count;

    public string First => Elements[0];

    public HoconPath Append(string key)
    {
        var list = new string[Elements.Count + 1];
        for (var i = 0; i < Elements.Count; i++)
        {
            list[i] = Elements[i];
        }

        list[^1] = key;
        return new HoconPath(list);
    }

    public HoconPath Append(HoconPath other)
    {
        if (Length == 0)
        {
            return other;
        }

        var list = new string[Length + other.Length];
        for (var i = 0; i < Length; i++)
        {
            list[i] = Elements[i];
        }

        for (var i = 0; i < other.Length; i++)
        {
            list[Length + i] = other.Elements[i];
        }

        return new HoconPath(list);
    }

    public HoconPath Prefix(int count) => new(Elements.Take(count).ToArray());

    public HoconPath Skip(int count) => new(Elements.Skip(count).ToArray());

    public bool StartsWith(HoconPath prefix)
    {
        if (prefix.Length > Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if (!string.Equals(Elements[i], prefix.Elements[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Renders the path so it parses back to the same elements (quoting elements that need it).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < Elements.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('.');
            }

            var e = Elements[i];
            if (NeedsQuotes(e))
            {
                sb.Append(HoconJsonWriter.Quote(e));
            }
            else
            {
                sb.Append(e);
            }
        }

        return sb.ToString();
    }

    /// <summary>The environment variable name for this path: elements joined with dots, unquoted.</summary>
    public string ToEnvironmentName() => string.Join('.', Elements);

    public bool Equals(HoconPath? other) =>
        other is not null && other.Length == Length && StartsWith(other);

    public override bool Equals(object? obj) => Equals(obj as HoconPath);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var e in Elements)
        {
            hash.Add(e, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    private static bool NeedsQuotes(string element)
    {
        if (element.Length == 0)
        {
            return true;
        }

        foreach (var c in element)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return true;
            }
        }

        return false;
    }
}
