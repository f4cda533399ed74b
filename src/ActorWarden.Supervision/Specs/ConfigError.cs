using ActorWarden.Hocon;

namespace ActorWarden.Supervision.Specs;

/// <summary>
/// One problem in a warden config, with the place and the key path, so the person fixing it is
/// pointed at the exact line: <c>warden.conf:12:17: services.web.stop.timeout: expected a duration like 10s, found "ten"</c>.
/// </summary>
public sealed record ConfigError(HoconOrigin? Origin, string Path, string Message)
{
    public override string ToString()
    {
        var where = Origin is null ? "" : $"{Origin.File}:{Origin.Line}:{Origin.Column}: ";
        var path = string.IsNullOrEmpty(Path) ? "" : $"{Path}: ";
        return where + path + Message;
    }
}
