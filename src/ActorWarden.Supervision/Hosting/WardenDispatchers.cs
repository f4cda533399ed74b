namespace ActorWarden.Supervision.Hosting;

/// <summary>
/// Dispatcher and mailbox ids the warden's actors are deployed with; their definitions live in the
/// <c>akka</c> section of config/reference.conf, so an operator can tune them in the same file.
/// </summary>
public static class WardenDispatchers
{
    /// <summary>
    /// A thread of its own per actor (Akka's PinnedDispatcher): the guardian, the status board and the
    /// writers fold the traffic of a whole farm and must keep up while churning instances share the pool.
    /// </summary>
    public const string Pinned = "warden-pinned";

    /// <summary>Control messages (stop, commands, reload, ping) overtake an actor's ordinary backlog.</summary>
    public const string ControlAwareMailbox = "warden-control-aware-mailbox";
}
