namespace ActorWarden.Host.Windows;

/// <summary>
/// Pacing of pending states. The SCM gives up on a pending service whose checkpoint does not advance
/// within its wait hint, so the checkpoint is bumped well inside the hint for as long as starting
/// or stopping takes.
/// </summary>
public sealed record ScmTimings(TimeSpan CheckpointInterval, TimeSpan WaitHint)
{
    public static ScmTimings Default { get; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));
}
