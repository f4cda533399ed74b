using ActorWarden.Processes.Linux;
using ActorWarden.Processes.Windows;

namespace ActorWarden.Processes;

/// <summary>
/// Picks the launcher for the OS the warden runs on. The launcher is process-wide (one exit watcher,
/// subreaper registration), so the same instance is returned every time.
/// </summary>
public static class ProcessLauncher
{
    private static readonly Lazy<IProcessLauncher> Current = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The launcher for the current OS.</summary>
    /// <exception cref="PlatformNotSupportedException">The OS is neither Linux nor Windows, or the Linux kernel lacks pidfd support (before 5.3).</exception>
    public static IProcessLauncher ForCurrentOs() => Current.Value;

    private static IProcessLauncher Create()
    {
        if (OperatingSystem.IsLinux())
        {
            return LinuxProcessLauncher.Create();
        }

        if (OperatingSystem.IsWindows())
        {
            return WindowsProcessLauncher.Create();
        }

        throw new PlatformNotSupportedException(
            $"ActorWarden supervises processes on Linux and Windows only; this OS is {System.Runtime.InteropServices.RuntimeInformation.OSDescription}.");
    }
}
