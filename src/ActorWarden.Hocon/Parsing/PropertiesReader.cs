using System.Text;

namespace ActorWarden.Hocon.Parsing;

/// <summary>
/// Reads Java <c>.properties</c> files for includes, as the reference implementation does: every value is a
/// string, keys split on dots into paths, and when a key is both a value and a parent of other keys the
/// object wins.
/// </summary>
internal static class PropertiesReader
{
    public static HoconObject Parse(string text, string file)
    {
        var root = new HoconObject(new HoconOrigin(file, 1, 1));
        var entries = new List<(string Key, string Value, HoconOrigin Origin)>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var startLine = i + 1;
            var logical = new StringBuilder(StripLineEnd(lines[i]).TrimStart(WhitespaceChars));
            if (logical.Length == 0 || logical[0] == '#' || logical[0] == '!')
            {
                continue;
            }

            while (EndsWithContinuation(logical) && i + 1 < lines.Length)
            {
                logical.Length--;
                i++;
                logical.Append(StripLineEnd(lines[i]).TrimStart(WhitespaceChars));
            }

            if (EndsWithContinuation(logical))
            {
                logical.Length--;
            }

            var (key, value) = Split(logical.ToString());
            entries.Add((key, value, new HoconOrigin(file, startLine, 1)));
        }

        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, _, _) in entries)
        {
            for (var dot = key.IndexOf('.'); dot >= 0; dot = key.IndexOf('.', dot + 1))
            {
                prefixes.Add(key[..dot]);
            }
        }

        foreach (var (key, value, origin) in entries)
        {
            if (prefixes.Contains(key))
            {
                continue;
            }

            Insert(root, key.Split('.'), new HoconString(value, origin), origin);
        }

        return root;
    }

    private static readonly char[] WhitespaceChars = [' ', '\t', '\f'];

    private static string StripLineEnd(string line) => line.EndsWith('\r') ? line[..^1] : line;

    private static bool EndsWithContinuation(StringBuilder line)
    {
        var count = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
        {
            count++;
        }

        return count % 2 == 1;
    }

    private static (string Key, string Value) Split(string line)
    {
        var key = new StringBuilder();
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length)
            {
                i = Unescape(line, i, key);
                continue;
            }

            if (c is '=' or ':' or ' ' or '\t' or '\f')
            {
                break;
            }

            key.Append(c);
            i++;
        }

        while (i < line.Length && line[i] is ' ' or '\t' or '\f')
        {
            i++;
        }

        if (i < line.Length && line[i] is '=' or ':')
        {
            i++;
            while (i < line.Length && line[i] is ' ' or '\t' or '\f')
            {
                i++;
            }
        }

        var value = new StringBuilder();
        while (i < line.Length)
        {
            if (line[i] == '\\' && i + 1 < line.Length)
            {
                i = Unescape(line, i, value);
            }
            else
            {
                value.Append(line[i++]);
            }
        }

        return (key.ToString(), value.ToString());
    }

    private static int Unescape(string line, int i, StringBuilder into)
    {
        var e = line[i + 1];
        switch (e)
        {
            case 't': into.Append('\t'); break;
            case 'n': into.Append('\n'); break;
            case 'r': into.Append('\r'); break;
            case 'f': into.Append('\f'); break;
            case 'u' when IsHex(line, i + 2):
                into.Append((char)Convert.ToInt32(line.Substring(i + 2, 4), 16));
                return i + 6;
            default: into.Append(e); break;
        }

        return i + 2;
    }

    private static bool IsHex(string line, int start)
    {
        if (start + 4 > line.Length)
        {
            return false;
        }

        for (var k = start; k < start + 4; k++)
        {
            if (!char.IsAsciiHexDigit(line[k]))
            {
                return false;
            }
        }

        return true;
    }

    private static void Insert(HoconObject root, string[] path, HoconValue value, HoconOrigin origin)
    {
        var current = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            if (!current.TryGetValue(path[i], out var child) || child is not HoconObject childObject)
            {
                childObject = new HoconObject(origin);
                current.Set(path[i], childObject, origin);
            }

            current = childObject;
        }

        current.Set(path[^1], value, origin);
    }
}
