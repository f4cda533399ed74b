using ActorWarden.Hocon;
using HoconConfig = ActorWarden.Hocon.Config;

namespace ActorWarden.Config;

/// <summary>
/// Reads typed values from one config node, turning every type or unit error into a
/// <see cref="ConfigError"/> with the value's origin and the full key path, so binding reports all
/// problems in one pass instead of stopping at the first exception.
/// </summary>
internal sealed class ConfigReader
{
    private readonly HoconConfig _config;
    private readonly string _displayPrefix;
    private readonly List<ConfigError> _errors;

    public ConfigReader(HoconConfig config, string displayPrefix, List<ConfigError> errors)
    {
        _config = config;
        _displayPrefix = displayPrefix;
        _errors = errors;
    }

    public HoconConfig Config => _config;

    public string DisplayPath(string key) => string.IsNullOrEmpty(_displayPrefix) ? key : _displayPrefix + "." + key;

    public ConfigReader Child(string key) => new(_config.GetConfig(key), DisplayPath(key), _errors);

    public bool Has(string key) => _config.HasPath(key);

    public bool IsNull(string key) => !_config.HasPath(key);

    public HoconOrigin? Origin(string key) => _config.HasPath(key) ? _config.Origin(key) : null;

    public void Error(string key, string message) => _errors.Add(new ConfigError(Origin(key), DisplayPath(key), message));

    public string String(string key, string fallback = "") => Read(key, fallback, c => c.GetString(key));

    public int Int(string key, int fallback = 0) => Read(key, fallback, c => c.GetInt(key));

    public double Double(string key, double fallback = 0) => Read(key, fallback, c => c.GetDouble(key));

    public bool Bool(string key, bool fallback = false) => Read(key, fallback, c => c.GetBoolean(key));

    /// <summary>
    /// A duration, which must carry its unit: HOCON reads a bare <c>10</c> as 10 ms, where a supervisord
    /// user writing <c>start-seconds = 10</c> means 10 s, so a bare number other than 0 is an error.
    /// </summary>
    public TimeSpan Duration(string key, TimeSpan fallback = default)
    {
        if (BareNumber(key) is { } number)
        {
            Error(key, $"a duration needs a unit: write {number}s for seconds or {number}ms for milliseconds (units: ns, us, ms, s, m, h, d)");
            return fallback;
        }

        return Read(key, fallback, c => c.GetDuration(key));
    }

    /// <summary>A duration that may also be <c>off</c> (or null), meaning "never".</summary>
    public TimeSpan? DurationOrOff(string key)
    {
        if (IsNull(key))
        {
            return null;
        }

        var text = Read(key, "", c => c.GetString(key));
        if (text is "off" or "false" or "no" or "never")
        {
            return null;
        }

        return Duration(key);
    }

    public long? BytesOrNull(string key) => IsNull(key) ? null : Read<long?>(key, null, c => c.GetBytes(key));

    public long Bytes(string key, long fallback = 0) => Read(key, fallback, c => c.GetBytes(key));

    public int? IntOrNull(string key) => IsNull(key) ? null : Read<int?>(key, null, c => c.GetInt(key));

    public IReadOnlyList<string> StringList(string key) =>
        Read<IReadOnlyList<string>>(key, Array.Empty<string>(), c => c.GetStringList(key));

    public IReadOnlyList<int> IntList(string key)
    {
        var texts = StringList(key);
        var result = new List<int>(texts.Count);
        foreach (var text in texts)
        {
            if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                result.Add(value);
            }
            else
            {
                Error(key, $"expected a list of integers, found \"{text}\"");
            }
        }

        return result;
    }

    /// <summary>Keys of an object node in file order; empty when the node is missing, an error when it is not an object.</summary>
    public IReadOnlyList<string> Keys(string key)
    {
        if (IsNull(key))
        {
            return Array.Empty<string>();
        }

        return Read<IReadOnlyList<string>>(key, Array.Empty<string>(), c => c.GetObject(key).Keys.ToList());
    }

    /// <summary>A free-form map of scalar values (env, exit-codes), values rendered as strings.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Map(string key)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var name in Keys(key))
        {
            var path = key + "." + KeyPath.Quote(name);
            result.Add(new(name, Read(path, "", c => c.GetString(path))));
        }

        return result;
    }

    public TEnum Enum<TEnum>(string key, TEnum fallback, IReadOnlyDictionary<string, TEnum> spellings)
        where TEnum : struct
    {
        var text = String(key);
        if (spellings.TryGetValue(text, out var value))
        {
            return value;
        }

        Error(key, $"expected one of {string.Join(" | ", spellings.Keys)}, found \"{text}\"");
        return fallback;
    }

    /// <summary>The value's text when it is a plain nonzero number with no unit, else null.</summary>
    private string? BareNumber(string key)
    {
        string text;
        try
        {
            text = _config.HasPath(key) ? _config.GetString(key).Trim() : "";
        }
        catch (HoconException)
        {
            return null;
        }

        return decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value != 0
            ? text
            : null;
    }

    private T Read<T>(string key, T fallback, Func<HoconConfig, T> read)
    {
        try
        {
            return read(_config);
        }
        catch (HoconException ex)
        {
            var detail = ex.Detail.StartsWith(key + ": ", StringComparison.Ordinal) ? ex.Detail[(key.Length + 2)..] : ex.Detail;
            _errors.Add(new ConfigError(ex.Origin, DisplayPath(key), detail));
            return fallback;
        }
    }
}
