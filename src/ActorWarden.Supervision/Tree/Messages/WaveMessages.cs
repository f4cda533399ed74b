namespace ActorWarden.Supervision.Tree.Messages;

/// <summary>
/// A stop wave's turn for one instance (a restart of its service or group, a give-up, a reload): stop the
/// process through the stop ladder and stay held, not starting on its own, until resumed. Answered with
/// <see cref="InstanceDown"/> once no process of the instance runs. A <paramref name="Retire"/> turn (a
/// reload replaces or removes the instance's actor) also means it never spawns again: its successor will.
/// </summary>
public sealed record HoldAndStop(string Reason, bool Retire = false);

/// <summary>
/// A stop wave has begun over this instance: from now on it neither starts nor restarts by itself (its
/// stop signal waits for its turn), as Erlang's children of a restarting supervisor are already lost.
/// </summary>
public sealed record Hold
{
    public static Hold Instance { get; } = new();
}

/// <summary>No process of <paramref name="Instance"/> runs; <paramref name="Wanted"/> says whether an operator or autostart wants it up.</summary>
public sealed record InstanceDown(string Instance, bool Wanted);

/// <summary>
/// Every instance a stop wave covered is down. <paramref name="Wanted"/> names the instances that were
/// wanted up, so that what comes back after a restart or a reload is what was up before;
/// <paramref name="Tag"/> is what the requester gave the wave to remember (an immutable record).
/// </summary>
public sealed record WaveDone(WavePurpose Purpose, object? Tag, IReadOnlyList<string> Services, IReadOnlySet<string> Wanted);

/// <summary>A stop wave waited longer than its services' stop timeouts allow; it ends with what it has.</summary>
internal sealed record WaveOverdue
{
    public static WaveOverdue Instance { get; } = new();
}

/// <summary>
/// A supervisor's restart was orchestrated (its actor is kept): the restart history of its children
/// starts afresh, as Erlang restarts a child supervisor with a fresh intensity.
/// </summary>
public sealed record SupervisorRestarted
{
    public static SupervisorRestarted Instance { get; } = new();
}

/// <summary>
/// Told by the guardian to each instance of a group it gave up on, once the group's processes are down:
/// the instance, if wanted, goes Fatal until fatal-retry or an operator starts it.
/// </summary>
public sealed record GiveUpInstance(string Reason);

/// <summary>What a stop wave is for, so its requester knows what comes after it.</summary>
public enum WavePurpose
{
    /// <summary>A service, group or root restart: the services start again in dependency order.</summary>
    Restart,

    /// <summary>The root gave up on a group: its wanted instances go Fatal.</summary>
    GiveUp,

    /// <summary>A reload: the services are replaced or removed once their processes are down.</summary>
    Reload,
}

/// <summary>
/// The instance is no longer wanted up, though its stop comes later in order (a shutdown, an operator
/// stop on its way through a busy supervisor): a crash from now on is not restarted.
/// </summary>
public sealed record StandDown
{
    public static StandDown Instance { get; } = new();
}

