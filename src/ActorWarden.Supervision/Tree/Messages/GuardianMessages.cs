using Akka.Actor;
using ActorWarden.Supervision.Hosting;

namespace ActorWarden.Supervision.Tree.Messages;

/// <summary>Start every autostart service in dependency order (sent once by the runtime).</summary>
public sealed record StartTree
{
    public static StartTree Instance { get; } = new();
}

/// <summary>An operator command; answered with a <see cref="ControlResult"/>.</summary>
/// <param name="Kind">Start, stop or restart.</param>
/// <param name="Target">A service, a group, an instance or <c>all</c>.</param>
public sealed record ControlCommand(CommandKind Kind, string Target) : IControlMessage;

/// <summary>Stop every service in reverse dependency order; answered with <see cref="TreeStopped"/> once all are down.</summary>
public sealed record ShutdownTree(string Reason) : IControlMessage
{
    public static ShutdownTree ForOperator { get; } = new("warden stopping");
}

/// <summary>Every instance is down (Stopped, Exited or Fatal).</summary>
public sealed record TreeStopped
{
    public static TreeStopped Instance { get; } = new();
}

/// <summary>Liveness probe of the root (the systemd watchdog's question); answered with <see cref="Pong"/>.</summary>
public sealed record Ping : IControlMessage
{
    public static Ping Instance { get; } = new();
}

/// <summary>The root's answer to <see cref="Ping"/>.</summary>
public sealed record Pong
{
    public static Pong Instance { get; } = new();
}

/// <summary>Apply a validated new configuration (the guardian diffs it against the running one); answered with a <see cref="ControlResult"/>.</summary>
public sealed record ApplyReload(TreeLayout Layout) : IControlMessage;

/// <summary>A parked group's fatal-retry is due: recreate it so its services try again.</summary>
internal sealed record RecreateGroup(string Group);

/// <summary>Periodic tick of the guardian: reap zombies of daemons that escaped their service and died.</summary>
internal sealed record ReapOrphansDue
{
    public static ReapOrphansDue Instance { get; } = new();
}
