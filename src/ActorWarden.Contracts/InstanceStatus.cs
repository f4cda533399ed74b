namespace ActorWarden.Contracts;

/// <summary>
/// A point-in-time view of one instance, shaped for the status table, the JSON API and the
/// metrics endpoint alike so that all three always agree.
/// </summary>
/// <param name="Name">Instance name, e.g. <c>web-2</c> (equal to the service name when instances = 1).</param>
/// <param name="Service">The service the instance belongs to.</param>
/// <param name="Group">The group supervising the service (the service's own name for implicit groups).</param>
/// <param name="Path">The actor path of the instance's ProcessActor.</param>
/// <param name="State">supervisord-style state.</param>
/// <param name="Pid">OS process id while a process exists.</param>
/// <param name="Uptime">Time since the current process started, while it runs.</param>
/// <param name="Restarts">Restarts since the warden started.</param>
/// <param name="LastExitCode">Exit code of the previous process, if any.</param>
/// <param name="LastSignal">Signal that ended the previous process, if any.</param>
/// <param name="Health">healthy | unhealthy | starting | none (no check); empty while there is no process (stopped, backoff, exited, fatal).</param>
/// <param name="RssBytes">Memory of the process tree, when known: its control group's memory.current (page cache included) or, without a memory controller, the members' resident memory.</param>
/// <param name="Description">Free text such as "exited too quickly" or the last error.</param>
public sealed record InstanceStatus(
    string Name,
    string Service,
    string Group,
    string Path,
    ProcessState State,
    int? Pid,
    TimeSpan? Uptime,
    int Restarts,
    int? LastExitCode,
    int? LastSignal,
    string Health,
    long? RssBytes,
    string? Description)
{
    /// <summary>CPU time of the whole tree since the current process started (dead members included), from its control group; null without one.</summary>
    public TimeSpan? CpuTime { get; init; }

    /// <summary>Tasks (processes and threads) in the tree's control group (pids.current, else its processes); null without one.</summary>
    public int? Tasks { get; init; }

    /// <summary>Captured output dropped since the warden started (only with a rate limit, an unwritable file or syslog losses); null when nothing was (and then left out of the JSON).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<LogDropCount>? LogDrops { get; init; }

    /// <summary>The cluster node (host:port) the instance runs on; null on a warden that is no cluster node (and then left out of the JSON).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Node { get; init; }
}
