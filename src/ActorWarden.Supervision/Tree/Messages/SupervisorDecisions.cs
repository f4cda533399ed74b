

namespace ActorWarden.Supervision.Tree.Messages;

/// <summary>
/// Told by the ServiceSupervisor to a ProcessActor it has just restarted: the decision's delay and
/// attempt number, which the fresh incarnation cannot know. Mailbox order guarantees the new
/// incarnation reads it (the failed actor is suspended until the directive is applied). A zero delay
/// spawns at once, so the restart path costs a few mailbox hops and no timer.
/// </summary>
public sealed record Relaunch(TimeSpan Delay, int Attempt, string Reason);

/// <summary>
/// Told by the ServiceSupervisor to a ProcessActor it resumed: the instance stays down in
/// <paramref name="State"/> (Exited or Fatal) until an operator or fatal-retry starts it.
/// </summary>
public sealed record Park(ProcessState State, string Reason);

/// <summary>Scheduled by a ServiceSupervisor for a Fatal instance: try it again with a fresh ledger.</summary>
public sealed record RetryFatal(string Instance);

/// <summary>The fatal-retry of an instance is due: it starts again if it is still Fatal and wanted.</summary>
public sealed record RetryIfFatal
{
    public static RetryIfFatal Instance { get; } = new();
}

/// <summary>An operator command for some or all instances of one service (null = all).</summary>
public sealed record ServiceCommand(CommandKind Kind, string? Instance);

/// <summary>Routed by a GroupSupervisor to its member service <paramref name="Service"/>.</summary>
public sealed record ForService(string Service, object Message);
