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

    /// <summary>The launcher for the current OS, without control groups (the subreaper sweep on Linux).</summary>
    /// <exception cref="PlatformNotSupportedException">The OS is neither Linux nor Windows, or the Linux kernel lacks pidfd support (before 5.3).</exception>
    public static IProcessLauncher ForCurrentOs() => Current.Value;

    /// <summary>
    /// A launcher that contains each started tree as <paramref name="options"/> asks (Linux control
    /// groups; Windows keeps its job objects whatever the setting). Launchers share the process-wide
    /// exit watcher and subreaper, so several may coexist (tests force one per mode).
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">The OS is unsupported, or a forced containment mode is not available here.</exception>
    public static IProcessLauncher Create(ContainmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (OperatingSystem.IsLinux())
        {
            return LinuxProcessLauncher.Create(options);
        }

        return Create();
    }

    private static IProcessLauncher Create()
    {
        if (OperatingSystem.IsLinux())
        {
            return LinuxProcessLauncher.Create(new ContainmentOptions { Setting = ContainmentSetting.Off });
        }

        if (OperatingSystem.IsWindows())
        {
            return WindowsProcessLauncher.Create();
        }

        throw new PlatformNotSupportedException(
            $"ActorWarden supervises processes on Linux and Windows only; this OS is {System.Runtime.InteropServices.RuntimeInformation.OSDescription}.");
    }
}
