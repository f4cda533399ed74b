using ActorWarden.Processes;

namespace ActorWarden.Supervision.Runtime;

/// <summary>A process of a previous warden found alive at start: adopted by its instance, or being killed.</summary>
public sealed record SurvivorProcess(string Instance, string Service, IChildProcess Process, bool Adopted);
