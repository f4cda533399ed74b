using ActorWarden.Hocon;

namespace ActorWarden.Config;

/// <summary>
/// One problem in a warden config, with the place and the key path, so the person fixing it is
/// pointed at the exact line: <c>warden.conf:12:17: services.web.stop.timeout: expected a duration like 10s, found "ten"</c>.
/// The same record carries warnings (things `run` accepts but that will not work as meant).
/// </summary>
public sealed record ConfigError(HoconOrigin? Origin, string Path, string Message)
{
    public override string ToString() => Format(null);

    /// <summary>Like <see cref="ToString"/> with a severity after the place, as compilers print it: <c>file:1:2: warning: key: message</c>.</summary>
    public string Format(string? severity)
    {
        var where = Origin is null ? "" : $"{Origin.File}:{Origin.Line}:{Origin.Column}: ";
        var level = string.IsNullOrEmpty(severity) ? "" : severity + ": ";
        var path = string.IsNullOrEmpty(Path) ? "" : $"{Path}: ";
        return where + level + path + Message;
    }
}
