namespace ActorWarden.Config;

/// <summary>
/// Which processes of an instance's tree the stop ladder signals and which are killed once the main
/// process has exited, with systemd's names and meaning (KillMode=). The tree is the instance's control
/// group where the warden has one, else what the subreaper sweep finds.
/// </summary>
public enum KillMode
{
    /// <summary>The stop signal goes to every process of the tree; what is left when the main process exits is killed (and reported) before the next start.</summary>
    ControlGroup,

    /// <summary>The stop signal goes to the main process's process group only; the rest of the tree is killed once the main process has exited, as with <see cref="ControlGroup"/>.</summary>
    Mixed,

    /// <summary>Only the main process is signalled and killed; what it leaves is reported and kept running.</summary>
    Process,
}
