using ActorWarden.Config;

namespace ActorWarden.Host.Decisions;

/// <summary>
/// supervisord's "expected" exit: a code in the service's <c>success-exit-codes</c> (default 0). Read from
/// the settings in force at the time of the exit, so a reload that changes the codes is honoured.
/// </summary>
public static class SuccessExits
{
    public static Func<string?, int, bool> From(Func<WardenSettings> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return (service, code) =>
        {
            var spec = service is null ? null : settings().Services.FirstOrDefault(s => s.Name == service);
            return spec is null ? code == 0 : spec.SuccessExitCodes.Contains(code);
        };
    }
}
