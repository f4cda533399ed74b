namespace ActorWarden.Supervision.Policy;

/// <summary>How a supervisor's Restart or Stop directive reaches the children it affects.</summary>
public enum RestartApplication
{
    /// <summary>
    /// Akka's own: the affected child actors are recreated (or stopped). Right where a child owns no
    /// process at the time, as an instance actor whose process has just ended.
    /// </summary>
    Recreate,

    /// <summary>
    /// The failed child is resumed and the supervisor realises the directive itself, through messages:
    /// a service or group restart stops the affected processes in reverse dependency order and starts
    /// them in order, as Erlang does, while the actors that own those processes stay alive. Recreating
    /// them would end an actor whose process still runs.
    /// </summary>
    Orchestrate,
}
