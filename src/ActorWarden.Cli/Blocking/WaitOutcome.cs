namespace ActorWarden.Cli.Blocking;

/// <summary>Where one instance's wait stands: still waiting, in the target state, or not going to get there.</summary>
public enum WaitOutcome
{
    Pending,
    Reached,
    Failed,
}
