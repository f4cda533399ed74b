using ActorWarden.Config;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// The latest spec of one service supervisor, shared by its incarnations. Akka re-runs the Props factory
/// at a restart, so a spec captured when the actor was created would bring back the settings of before a
/// reload that applied new ones in place. Only the current incarnation writes it.
/// </summary>
internal sealed class SpecSlot(ServiceSpec spec)
{
    public ServiceSpec Spec { get; set; } = spec;
}
