namespace ActorWarden.Processes.Linux;

internal sealed class LinuxProcessLauncher
{
    public static IProcessLauncher Create() => throw new PlatformNotSupportedException("The Linux launcher is being built.");
}
