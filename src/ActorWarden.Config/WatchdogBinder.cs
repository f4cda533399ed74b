namespace ActorWarden.Config;

/// <summary>
/// Binds the <c>watchdog = 15s</c> shorthand of a service: systemd's WatchdogSec=, a heartbeat check
/// that fails after one silent period, with no start period (systemd arms its watchdog at once).
/// </summary>
internal static class WatchdogBinder
{
    public static HealthSpec Apply(string service, ConfigReader r, HealthSpec health)
    {
        if (r.DurationOrOff("watchdog") is not { } watchdog)
        {
            return health;
        }

        if (watchdog <= TimeSpan.Zero)
        {
            r.Error("watchdog", $"expected a duration > 0 like 15s (or off), found {watchdog}");
            return health;
        }

        if (health.Type != HealthCheckType.None)
        {
            var type = Spellings.Health.First(p => p.Value == health.Type).Key;
            r.Error("watchdog", $"service `{service}` sets watchdog (a heartbeat check) and health.type = {type}; a service has one health check: keep one of them");
            return health;
        }

        return health with { Type = HealthCheckType.Heartbeat, Interval = watchdog, Failures = 1, StartPeriod = TimeSpan.Zero };
    }
}
