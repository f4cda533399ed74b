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
    public void Publish(EventPayload payload) =>
        Events?.Publish(new WardenEvent(Scheduler.UtcNow, Service, Instance, payload));
}
