using System.Runtime.InteropServices;

namespace ActorWarden.Host.Platform;

/// <summary>The real process environment; reads everything on demand so nothing goes stale.</summary>
public sealed class SystemHostPlatform : IHostPlatform
{
    public bool IsWindows => OperatingSystem.IsWindows();

    public int ProcessId => Environment.ProcessId;

    public string? GetEnvironmentVariable(string name) => Environment.GetEnvironmentVariable(name);

    public void RemoveEnvironmentVariable(string name) => Environment.SetEnvironmentVariable(name, null);

    public bool IsStartedByServiceControlManager() =>
        OperatingSystem.IsWindows() && WindowsServiceDetection.IsParentServicesExe();

    public IDisposable RegisterSignal(PosixSignal signal, Action<PosixSignalContext> handler)
    {
        if (signal == PosixSignal.SIGHUP && !OperatingSystem.IsWindows())
        {
            InheritedSignalIgnore.Lift(SigHup);
        }

        return PosixSignalRegistration.Create(signal, handler);
    }

    private const int SigHup = 1;
}
