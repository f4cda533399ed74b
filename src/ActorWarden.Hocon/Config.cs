using System.Numerics;

namespace ActorWarden.Hocon;

/// <summary>
/// A parsed (normally resolved) HOCON document with typed getters. Getter errors carry the origin of the
/// offending value and name the key path, so a schema binder can report
/// <c>warden.conf:12:17: services.web.stop.timeout: expected a duration like 10s, found "ten"</c> as is.
/// The unresolved tree is kept alongside the resolved one so <see cref="WithFallback"/> can layer a user
/// file over a shipped reference and resolve substitutions against the merged result.
/// </summary>
public sealed class Config
{
    private readonly HoconObject _unresolved;
    private readonly HoconObject? _resolved;

    internal Config(HoconObject unresolved, HoconObject? resolved, HoconParseOptions options)
    {
        _unresolved = unresolved;
        _resolved = resolved;
        Options = options;
    }

    /// <summary>An empty resolved config, useful as the start of a fallback chain.</summary>
    public static Config Empty { get; } = CreateEmpty();

    /// <summary>The root object: resolved values, or the raw tree when <see cref="IsResolved"/> is false.</summary>
    public HoconObject Root => _resolved ?? _unresolved;

    /// <summary>True once substitutions have been resolved; getters require it.</summary>
    public bool IsResolved => _resolved is not null;

    /// <summary>Keys of the root object in file order.</summary>
    public IReadOnlyList<string> Keys => Root.Keys;

    internal HoconParseOptions Options { get; }

    internal HoconObject UnresolvedRoot => _unresolved;

    /// <summary>Resolves substitutions (no-op when already resolved).</summary>
    public Config Resolve() => IsResolved ? this : new Config(_unresolved, Resolver.Resolve(_unresolved, Options), Options);

    /// <summary>
    /// Layers this config over <paramref name="fallback"/>: objects merge key by key, anything else in this
    /// config wins. Substitutions of both are re-resolved against the merged tree when both were resolved.
    /// </summary>
    public Config WithFallback(Config fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        var merged = RawMerge.MergeCopy(fallback._unresolved, _unresolved);
        var config = new Config(merged, null, Options);
        return IsResolved && fallback.IsResolved ? config.Resolve() : config;
    }

    /// <summary>True when the path exists and is not null.</summary>
    public bool HasPath(string path) => Find(path) is { } v && v is not HoconNull;

    /// <summary>True when the path exists, even if its value is null.</summary>
    public bool HasPathOrNull(string path) => Find(path) is not null;

    /// <summary>The value at <paramref name="path"/>, or null when missing.</summary>
    public HoconValue? TryGetValue(string path) => Find(path);

    /// <summary>The value at <paramref name="path"/>; missing paths are an error naming the path.</summary>
    public HoconValue GetValue(string path) => Require(path);

    /// <summary>Where the value at <paramref name="path"/> was written.</summary>
    public HoconOrigin Origin(string path) => Require(path).Origin;

    public string GetString(string path) => TypedGetters.String(Require(path), path);

    public int GetInt(string path) => TypedGetters.Int(Require(path), path);

    public long GetLong(string path) => TypedGetters.Long(Require(path), path);

    public double GetDouble(string path) => TypedGetters.Double(Require(path), path);

    /// <summary>Accepts true/false, on/off and yes/no.</summary>
    public bool GetBoolean(string path) => TypedGetters.Boolean(Require(path), path);

    /// <summary>A duration such as <c>10s</c>, <c>1.5 hours</c> or a bare number of milliseconds; truncated to 100 ns ticks.</summary>
    public TimeSpan GetDuration(string path) => TimeSpan.FromTicks(GetDurationNanoseconds(path) / 100);

    /// <summary>A duration in nanoseconds, with the full precision the spec allows.</summary>
    public long GetDurationNanoseconds(string path) => TypedGetters.DurationNanoseconds(Require(path), path);

    /// <summary>A period such as <c>3 weeks</c>, <c>12 months</c>, <c>1y</c> or a bare number of days.</summary>
    public HoconPeriod GetPeriod(string path) => TypedGetters.Period(Require(path), path);

    /// <summary>A size in bytes such as <c>512MiB</c>, <c>10 kB</c> or a bare number; must fit a long.</summary>
    public long GetBytes(string path) => TypedGetters.Bytes(Require(path), path);

    /// <summary>A size in bytes of any magnitude (for ZB/YB values).</summary>
    public BigInteger GetBytesBig(string path) => TypedGetters.BytesBig(Require(path), path);

    public IReadOnlyList<string> GetStringList(string path) =>
        TypedGetters.List(Require(path), path).Select((v, i) => TypedGetters.String(v, $"{path}[{i}]")).ToArray();

    public HoconArray GetList(string path) => TypedGetters.List(Require(path), path);

    public HoconObject GetObject(string path) => TypedGetters.Object(Require(path), path);

    /// <summary>The object at <paramref name="path"/> as a config of its own (paths relative to it).</summary>
    public Config GetConfig(string path)
    {
        var obj = GetObject(path);
        return new Config(obj, _resolved is null ? null : obj, Options);
    }

    /// <summary>Renders the resolved tree as JSON, keys in file order.</summary>
    public string ToJson(bool pretty = false) => HoconJsonWriter.Write(Root, pretty);

    /// <inheritdoc />
    public override string ToString() => ToJson();

    private HoconValue? Find(string path)
    {
        var parsed = PathExpression.Parse(path, Root.Origin);
        HoconValue current = Root;
        foreach (var key in parsed.Elements)
        {
            if (current is not HoconObject obj || !obj.TryGetValue(key, out var child))
            {
                return null;
            }

            current = child;
        }

        return current;
    }

    private HoconValue Require(string path)
    {
        if (_resolved is null)
        {
            throw new HoconException(Root.Origin, $"{path}: expected a resolved config (call Resolve() first), found unresolved substitutions");
        }

        var parsed = PathExpression.Parse(path, Root.Origin);
        HoconValue current = Root;
        for (var i = 0; i < parsed.Length; i++)
        {
            var key = parsed.Elements[i];
            if (current is not HoconObject obj)
            {
                throw new HoconException(current.Origin, $"{path}: expected an object at {parsed.Prefix(i)}, found {current.Describe()}");
            }

            if (!obj.TryGetValue(key, out var child))
            {
                throw new HoconException(obj.Origin, $"{path}: expected a value, found nothing (key '{key}' is missing)");
            }

            current = child;
        }

        return current;
    }

    private static Config CreateEmpty()
    {
        var root = new HoconObject(new HoconOrigin("<empty>", 1, 1));
        return new Config(root, root, HoconParseOptions.Default);
    }
}
