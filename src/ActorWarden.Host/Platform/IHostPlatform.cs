using System.Runtime.InteropServices;

namespace ActorWarden.Host.Platform;

/// <summary>
/// Everything the host reads from the process environment, behind one seam so that lifetime
/// detection and signal handling are tested without a terminal, systemd or the SCM, and so nothing
/// is cached in statics between tests.
/// </summary>
public interface IHostPlatform
{
    bool IsWindows { get; }

    int ProcessId { get; }

    string? GetEnvironmentVariable(string name);

    /// <summary>Removes a variable from this process's environment so supervised children do not inherit it.</summary>
    void RemoveEnvironmentVariable(string name);

    /// <summary>True when the SCM started this process: parent is services.exe in session 0 (Windows only).</summary>
    bool IsStartedByServiceControlManager();

    /// <summary>Registers a handler for a POSIX signal (Ctrl+C / Ctrl+Break on Windows); dispose to unregister.</summary>
    IDisposable RegisterSignal(PosixSignal signal, Action<PosixSignalContext> handler);
}
