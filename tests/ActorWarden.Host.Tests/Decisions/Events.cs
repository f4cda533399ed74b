using ActorWarden.Supervision.Control;

namespace ActorWarden.Host.Tests.Decisions;

/// <summary>Warden events as the actors emit them (same field names and value types), at chosen times.</summary>
internal static class Events
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    public static WardenEvent Make(string name, string? service, string? instance, params (string Key, object? Value)[] fields) =>
        At(T0, name, service, instance, fields);

    public static WardenEvent At(DateTimeOffset ts, string name, string? service, string? instance, params (string Key, object? Value)[] fields) =>
        new(ts, name, service, instance, fields.ToDictionary(f => f.Key, f => f.Value));

    public static WardenEvent Exited(DateTimeOffset ts, string instance, int code = 1) =>
        At(ts, "exited", instance, instance, ("pid", 4242), ("code", code), ("signal", null), ("core_dumped", false), ("ran_for_ms", 61234L), ("failed_start", false));
}
