using System.Text;

namespace ActorWarden.Supervision.Tree.Launch;

/// <summary>
/// Expands <c>${NAME}</c> references from an instance's environment at spawn time (HOCON leaves them
/// alone inside quoted strings). An undefined name is an error naming the setting, because silently
/// expanding a typo to "" would start a farm listening on the wrong port.
/// </summary>
public static class VariableExpander
{
    /// <summary>
    /// <paramref name="text"/> with each <c>${NAME}</c> replaced by its value; <c>$${</c> stays a literal <c>${</c>.
    /// </summary>
    /// <param name="text">The text to expand.</param>
    /// <param name="environment">Where names are looked up.</param>
    /// <param name="setting">The setting being expanded, for the error message (e.g. <c>args[1]</c>).</param>
    /// <exception cref="FormatException">A name is undefined or a reference is not closed.</exception>
    public static string Expand(string text, IReadOnlyDictionary<string, string> environment, string setting)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains('$'))
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 16);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                result.Append("${");
                i += 3;
                continue;
            }

            if (c == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var end = text.IndexOf('}', i + 2);
                if (end < 0)
                {
                    throw new FormatException($"{setting}: unclosed '${{' in \"{text}\"");
                }

                var name = text.Substring(i + 2, end - i - 2);
                if (!environment.TryGetValue(name, out var value))
                {
                    throw new FormatException($"{setting}: ${{{name}}} is not defined in the instance environment");
                }

                result.Append(value);
                i = end + 1;
                continue;
            }

            result.Append(c);
            i++;
        }

        return result.ToString();
    }
}
