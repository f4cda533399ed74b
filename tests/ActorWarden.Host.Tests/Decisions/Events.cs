using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;


namespace ActorWarden.Host.Tests.Decisions;

/// <summary>Warden events as the actors emit them (the same typed payloads), at chosen times.</summary>
internal static class Events
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    public static WardenEvent Make(string? service, string? instance, EventPayload payload) =>
        At(T0, service, instance, payload);

    public static WardenEvent At(DateTimeOffset ts, string? service, string? instance, EventPayload payload) =>
        new(ts, service, instance, payload);

    public static WardenEvent Exited(DateTimeOffset ts, string instance, int code = 1) =>
        At(ts, instance, instance, new ExitedEvent(4242, code, null, false, 61234L, false));

    /// <summary>A pre-start or post-stop report; output and error as given.</summary>
    public static HookReport Hook(bool ok, string command, int? code, int? signal, bool timedOut, string output) =>
        new(ok, command, code, signal, timedOut, null, output);
}
