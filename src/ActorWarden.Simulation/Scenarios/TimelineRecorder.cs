using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// Collects the events of a simulated warden, in publication order, until <see cref="Freeze"/> (the
/// simulation's end: the final shutdown that tidies up the actor system is not part of the timeline).
/// The one value of the real event stream that does not come from the scenario — the OS pid of the
/// process hosting the simulation, in <c>warden-started</c> — is replaced by 0 so output stays
/// byte-identical between runs.
/// </summary>
internal sealed class TimelineRecorder(Action<WardenEvent>? onRecorded = null) : IEventPublisher
{
    private readonly List<WardenEvent> _events = new();
    private bool _frozen;

    public IReadOnlyList<WardenEvent> Events => _events;

    public void Publish(WardenEvent @event)
    {
        if (_frozen)
        {
            return;
        }

        if (@event.Payload is WardenStartedEvent started)
        {
            @event = @event with { Payload = started with { Pid = 0 } };
        }

        _events.Add(@event);
        onRecorded?.Invoke(@event);
    }

    public void Freeze() => _frozen = true;
}
