namespace ActorWarden.Supervision.Hosting;

/// <summary>The Akka config paths reference.conf declares for the warden's actors, so code names them once.</summary>
public static class WardenAkkaIds
{
    /// <summary>A PinnedDispatcher: one dedicated thread per actor, for actors that block on the OS.</summary>
    public const string PinnedDispatcher = "akka.actor.warden-pinned";

    /// <summary>One dedicated thread shared by the actors that fold every event of the farm (root, status board, event log).</summary>
    public const string FoldingDispatcher = "akka.actor.warden-folding";

    /// <summary>The <see cref="Hosting.ControlAwareMailbox"/>.</summary>
    public const string ControlAwareMailbox = Hosting.ControlAwareMailbox.ConfigId;
}
