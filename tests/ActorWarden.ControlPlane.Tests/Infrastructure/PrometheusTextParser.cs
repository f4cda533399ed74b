using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ActorWarden.ControlPlane.Tests.Infrastructure;

/// <summary>
/// A strict parser of the Prometheus text exposition format 0.0.4, independent of the server's writer,
/// so the test fails on anything a real scraper would reject: bad names, bad escapes, TYPE after
/// samples, duplicate HELP/TYPE, non-contiguous families, unparsable values.
/// </summary>
public static partial class PrometheusTextParser
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public sealed class Family
    {
        public required string Name { get; init; }

        public string? Type { get; set; }

        public string? Help { get; set; }

        public List<Sample> Samples { get; } = new();
    }

    public static IReadOnlyDictionary<string, Family> Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("exposition must end with a newline");
        }

        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var lineNumber = 0;
        foreach (var line in text.Split('\n')[..^1])
        {
            lineNumber++;
            string Where() => $"line {lineNumber}: '{line}'";
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length >= 3 && parts[1] is "HELP" or "TYPE")
                {
                    var name = parts[2];
                    if (!MetricName().IsMatch(name))
                    {
                        throw new FormatException($"{Where()}: invalid metric name");
                    }

                    var family = Enter(name);
                    if (parts[1] == "HELP")
                    {
                        if (family.Help is not null)
                        {
                            throw new FormatException($"{Where()}: second HELP for {name}");
                        }

                        family.Help = UnescapeHelp(parts.Length == 4 ? parts[3] : string.Empty, Where);
                    }
                    else
                    {
                        if (family.Type is not null || family.Samples.Count > 0)
                        {
                            throw new FormatException($"{Where()}: TYPE for {name} repeated or after its samples");
                        }

                        var type = parts.Length == 4 ? parts[3] : string.Empty;
                        if (type is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                        {
                            throw new FormatException($"{Where()}: unknown type '{type}'");
                        }

                        family.Type = type;
                    }
                }

                continue;
            }

            var sample = ParseSample(line, Where);
            Enter(sample.Name).Samples.Add(sample);
        }

        return families;

        Family Enter(string name)
        {
            if (current != name)
            {
                if (finished.Contains(name))
                {
                    throw new FormatException($"family {name} is not contiguous");
                }

                if (current is not null)
                {
                    finished.Add(current);
                }

                current = name;
            }

            if (!families.TryGetValue(name, out var family))
            {
                family = new Family { Name = name };
                families[name] = family;
            }

            return family;
        }
    }

    private static Sample ParseSample(string line, Func<string> where)
    {
        var i = 0;
        while (i < line.Length && line[i] is not ('{' or ' '))
        {
            i++;
        }

        var name = line[..i];
        if (!MetricName().IsMatch(name))
        {
            throw new FormatException($"{where()}: invalid metric name '{name}'");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                if (i >= line.Length)
                {
                    throw new FormatException($"{where()}: unterminated label set");
                }

                if (line[i] == '}')
                {
                    i++;
                    break;
                }

                var start = i;
                while (i < line.Length && line[i] != '=')
                {
                    i++;
                }

                var labelName = line[start..i];
                if (!LabelName().IsMatch(labelName) || i + 1 >= line.Length || line[i + 1] != '"')
                {
                    throw new FormatException($"{where()}: bad label near '{labelName}'");
                }

                i += 2;
                var value = new StringBuilder();
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new FormatException($"{where()}: unterminated label value");
                    }

                    var c = line[i++];
                    if (c == '"')
                    {
                        break;
                    }

                    if (c == '\\')
                    {
                        var escaped = i < line.Length ? line[i++] : '\0';
                        value.Append(escaped switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"{where()}: invalid escape \\{escaped} in label value"),
                        });
                        continue;
                    }

                    value.Append(c);
                }

                if (!labels.TryAdd(labelName, value.ToString()))
                {
                    throw new FormatException($"{where()}: duplicate label {labelName}");
                }

                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
            }
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException($"{where()}: expected a space before the value");
        }

        var rest = line[(i + 1)..].Split(' ');
        if (rest.Length is < 1 or > 2)
        {
            throw new FormatException($"{where()}: expected 'value [timestamp]'");
        }

        var number = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var v when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            var v => throw new FormatException($"{where()}: value '{v}' is not a number"),
        };
        return new Sample(name, labels, number);
    }

    private static string UnescapeHelp(string help, Func<string> where)
    {
        var text = new StringBuilder();
        for (var i = 0; i < help.Length; i++)
        {
            if (help[i] != '\\')
            {
                text.Append(help[i]);
                continue;
            }

            i++;
            text.Append(i < help.Length ? help[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                _ => throw new FormatException($"{where()}: invalid escape in HELP"),
            } : throw new FormatException($"{where()}: dangling backslash in HELP"));
        }

        return text.ToString();
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
