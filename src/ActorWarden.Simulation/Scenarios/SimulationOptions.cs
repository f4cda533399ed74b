using ActorWarden.Contracts.Control;
using ActorWarden.Simulation.VirtualTime;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>How a caller hosts <see cref="Simulator.Run(ActorWarden.Config.WardenSettings, Scenario, SimulationOptions)"/>; the defaults suit a test.</summary>
public sealed record SimulationOptions
{
    /// <summary>
    /// The actor system on virtual time (<see cref="WardenVirtualTime.Create"/>), when the caller started
    /// creating it on another thread while it read its files: Akka's start takes about a tenth of a
    /// `warden simulate` of a day. The caller keeps it and disposes it. Null: one is created and disposed here.
    /// </summary>
    public Task<VirtualTimeSystem>? System { get; init; }

    /// <summary>Called on the simulating thread with each event of the timeline, in order, as it is recorded.</summary>
    public Action<WardenEvent>? OnEvent { get; init; }
}
