using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace ActorWarden.Hocon;

/// <summary>
/// Renders resolved values as JSON for <c>warden config print --json</c>. It writes the tree faithfully:
/// numbers as written in the source (never through a double), keys in file order, strings escaped so the
/// output is always valid UTF-8 JSON.
/// </summary>
public static class HoconJsonWriter
{
    /// <summary>Characters that may need escaping: quote, backslash, controls, line separators and surrogates.</summary>
    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create(
        "\"\\" + new string(Enumerable.Range(0, 0x20).Select(c => (char)c).ToArray()) + "\u2028\u2029"
        + new string(Enumerable.Range(0xD800, 0x800).Select(c => (char)c).ToArray()));

    /// <summary>Renders <paramref name="value"/>; throws <see cref="HoconException"/> if it still holds substitutions.</summary>
    public static string Write(HoconValue value, bool pretty = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder();
        WriteValue(sb, value, pretty, 0);
        return sb.ToString();
    }

    /// <summary>Quotes and escapes a string as a JSON string literal.</summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2);
        WriteString(sb, text);
        return sb.ToString();
    }

    private static void WriteValue(StringBuilder sb, HoconValue value, bool pretty, int depth)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new HoconException(value.Origin, "expected a value nested less deeply, found nesting too deep to render");
        }

        switch (value)
        {
            case HoconObject obj:
                WriteObject(sb, obj, pretty, depth);
                break;
            case HoconArray array:
                WriteArray(sb, array, pretty, depth);
                break;
            case HoconString s:
                WriteString(sb, s.Value);
                break;
            case HoconNumber n:
                sb.Append(NormalizeNumber(n.Text));
                break;
            case HoconBoolean b:
                sb.Append(b.Value ? "true" : "false");
                break;
            case HoconNull:
                sb.Append("null");
                break;
            default:
                throw new HoconException(value.Origin, $"expected a resolved value, found unresolved {value.Describe()}");
        }
    }

    private static void WriteObject(StringBuilder sb, HoconObject obj, bool pretty, int depth)
    {
        if (obj.Count == 0)
        {
            sb.Append("{}");
            return;
        }

        sb.Append('{');
        var first = true;
        foreach (var (key, child, _) in obj.Fields)
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            NewLine(sb, pretty, depth + 1);
            WriteString(sb, key);
            sb.Append(pretty ? ": " : ":");
            WriteValue(sb, child, pretty, depth + 1);
        }

        NewLine(sb, pretty, depth);
        sb.Append('}');
    }

    private static void WriteArray(StringBuilder sb, HoconArray array, bool pretty, int depth)
    {
        if (array.Count == 0)
        {
            sb.Append("[]");
            return;
        }

        sb.Append('[');
        for (var i = 0; i < array.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            NewLine(sb, pretty, depth + 1);
            WriteValue(sb, array[i], pretty, depth + 1);
        }

        NewLine(sb, pretty, depth);
        sb.Append(']');
    }

    private static void NewLine(StringBuilder sb, bool pretty, int depth)
    {
        if (pretty)
        {
            sb.Append('\n').Append(' ', depth * 2);
        }
    }

    private static void WriteString(StringBuilder sb, string text)
    {
        sb.Append('"');
        var plain = text.AsSpan().IndexOfAny(NeedsEscape);
        if (plain < 0)
        {
            sb.Append(text).Append('"');
            return;
        }

        sb.Append(text.AsSpan(0, plain));
        for (var i = plain; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || IsLoneSurrogate(text, i))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c))
                    {
                        sb.Append(c).Append(text[++i]);
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    private static bool IsLoneSurrogate(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        }

        return char.IsLowSurrogate(c);
    }

    /// <summary>HOCON accepts leading zeros (<c>007</c>) that JSON forbids; strip them, keep everything else as written.</summary>
    private static string NormalizeNumber(string text)
    {
        var start = text.StartsWith('-') ? 1 : 0;
        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        if (end - start <= 1 || text[start] != '0')
        {
            return text;
        }

        var digits = text[start..end].TrimStart('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        return string.Concat(text.AsSpan(0, start), digits, text.AsSpan(end));
    }
}
