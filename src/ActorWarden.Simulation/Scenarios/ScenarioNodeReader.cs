using System.Globalization;
using System.Text.Json;
using ActorWarden.Hocon;
using ActorWarden.Config;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// Typed reads of scenario values straight from the HOCON tree (scenario scripts hold lists of
/// objects, which path-based getters cannot reach), collecting every problem as a
/// <see cref="ConfigError"/> at the value's own file:line:column instead of stopping at the first.
/// </summary>
internal sealed class ScenarioNodeReader
{
    private static readonly HoconParseOptions UnitParseOptions = new() { UseEnvironment = false, AllowIncludes = false };
    private readonly List<ConfigError> _errors;

    public ScenarioNodeReader(List<ConfigError> errors) => _errors = errors;

    public void Error(HoconOrigin? origin, string path, string message) => _errors.Add(new ConfigError(origin, path, message));

    /// <summary>The value as an object whose keys are all in <paramref name="allowed"/>; null (with an error) otherwise.</summary>
    public HoconObject? Object(HoconValue value, string path, IReadOnlyCollection<string>? allowed)
    {
        if (value is not HoconObject obj)
        {
            Error(value.Origin, path, $"expected an object, found {Describe(value)}");
            return null;
        }

        if (allowed is null)
        {
            return obj;
        }

        foreach (var key in obj.Keys)
        {
            if (!allowed.Contains(key))
            {
                var hint = NearestKey.Find(key, allowed) is { } near ? $"; did you mean '{near}'?" : $"; expected one of {string.Join(", ", allowed)}";
                Error(obj.KeyOrigin(key), Join(path, key), $"unknown key '{key}'{hint}");
            }
        }

        return obj;
    }

    /// <summary>A list value; null (with an error) otherwise.</summary>
    public HoconArray? List(HoconValue value, string path)
    {
        if (value is HoconArray array)
        {
            return array;
        }

        Error(value.Origin, path, $"expected a list, found {Describe(value)}");
        return null;
    }

    /// <summary>A duration (10s, 1.5s, 250ms, 1h), parsed by the same rules as the warden config.</summary>
    public TimeSpan? Duration(HoconValue value, string path, bool allowZero = true)
    {
        var text = Scalar(value);
        if (text is null)
        {
            Error(value.Origin, path, $"expected a duration like 10s, found {Describe(value)}");
            return null;
        }

        TimeSpan parsed;
        try
        {
            // The unit grammar lives in the HOCON library; a one-line document reuses it exactly.
            parsed = HoconParser.ParseString("v = " + JsonSerializer.Serialize(text), value.Origin.File, UnitParseOptions).GetDuration("v");
        }
        catch (HoconException ex)
        {
            var detail = ex.Detail.StartsWith("v: ", StringComparison.Ordinal) ? ex.Detail[3..] : ex.Detail;
            Error(value.Origin, path, detail);
            return null;
        }

        if (parsed < TimeSpan.Zero || (!allowZero && parsed == TimeSpan.Zero))
        {
            Error(value.Origin, path, $"expected a {(allowZero ? "non-negative" : "positive")} duration, found \"{text}\"");
            return null;
        }

        return parsed;
    }

    /// <summary>An integer within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int? Int(HoconValue value, string path, int min, int max)
    {
        if (value is HoconNumber number && number.TryGetInt64(out var n) && n >= min && n <= max)
        {
            return (int)n;
        }

        if (value is HoconString s && int.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
        {
            return parsed;
        }

        Error(value.Origin, path, $"expected an integer from {min} to {max}, found {Describe(value)}");
        return null;
    }

    /// <summary>A non-empty string.</summary>
    public string? Text(HoconValue value, string path)
    {
        var text = Scalar(value);
        if (string.IsNullOrWhiteSpace(text))
        {
            Error(value.Origin, path, $"expected a non-empty string, found {Describe(value)}");
            return null;
        }

        return text;
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + KeyPath.Quote(key);

    private static string? Scalar(HoconValue value) => value switch
    {
        HoconString s => s.Value,
        HoconNumber n => n.Text,
        _ => null,
    };

    private static string Describe(HoconValue value) => value switch
    {
        HoconObject => "an object",
        HoconArray => "a list",
        HoconString s => $"\"{s.Value}\"",
        _ => value.ToJson(),
    };
}
