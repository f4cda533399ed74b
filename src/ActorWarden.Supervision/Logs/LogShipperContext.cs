using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Hosting;
using Akka.Actor;

namespace ActorWarden.Supervision.Logs;

/// <summary>
/// What the background parts of one shipper (writers, syslog sender) share: who they write for, the
/// clock, and where problems are reported. Publishing is thread-safe by the <see cref="IEventPublisher"/> contract.
/// </summary>
internal sealed record LogShipperContext(
    string Service,
    string Instance,
    IScheduler Scheduler,
    Serilog.ILogger WardenLog,
    IEventPublisher? Events,
    LogShipperTuning Tuning)
{
    /// <summary>
    /// Called on a writer's or the syslog sender's thread after a line was dropped, so the shipper reports
    /// drops once there are some instead of polling every instance's counters (a thousand timers).
    /// </summary>
    public Action? OnDrop { get; init; }

    public void Dropped() => OnDrop?.Invoke();

    public void Publish(EventPayload payload) =>
        Events?.Publish(new WardenEvent(Scheduler.UtcNow, Service, Instance, payload));
}
