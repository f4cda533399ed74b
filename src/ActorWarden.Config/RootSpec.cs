namespace ActorWarden.Config;

/// <summary>
/// The top of the tree, like Erlang's top supervisor: how many group restarts it tolerates and what
/// it does when it gives up — keep the warden up with the group parked, or exit so that the service
/// manager (systemd Restart=, SCM recovery) takes over.
/// </summary>
public sealed record RootSpec
{
    public IntensitySpec Intensity { get; init; } = new(10, TimeSpan.FromSeconds(60));

    public GiveUpPolicy OnGiveUp { get; init; } = GiveUpPolicy.Park;

    public int ExitCode { get; init; } = 70;
}

/// <summary>Root behaviour once its intensity is exceeded.</summary>
public enum GiveUpPolicy
{
    Park,
    Exit,
}
