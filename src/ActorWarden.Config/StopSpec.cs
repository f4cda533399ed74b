namespace ActorWarden.Config;

/// <summary>The stop ladder: a polite signal to the process group, then a tree kill at the timeout.</summary>
public sealed record StopSpec
{
    public ActorWarden.Processes.ProcessSignal Signal { get; init; } = ActorWarden.Processes.ProcessSignal.SIGTERM;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
