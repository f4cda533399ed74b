namespace ActorWarden.Processes.Windows;

internal sealed class WindowsProcessLauncher
{
    public static IProcessLauncher Create() => throw new PlatformNotSupportedException("The Windows launcher is being built.");
}
