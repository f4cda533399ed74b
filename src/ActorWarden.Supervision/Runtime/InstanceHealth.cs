using ActorWarden.Config;

namespace ActorWarden.Supervision.Runtime;

/// <summary>
/// The health an instance's status shows. A verdict belongs to a running process: once the instance is
/// stopped, backing off, exited or fatal, the last "healthy" is history, and showing it beside a dead
/// instance tells the operator something false, so the column is empty.
/// </summary>
public static class InstanceHealth
{
    /// <summary>"" without a process, "none" without a check, else the last verdict.</summary>
    public static string Shown(HealthCheckType check, ProcessState state, string verdict) =>
        state is ProcessState.Stopped or ProcessState.Backoff or ProcessState.Exited or ProcessState.Fatal ? string.Empty
        : check == HealthCheckType.None ? "none"
        : verdict;
}
