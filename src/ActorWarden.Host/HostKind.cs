namespace ActorWarden.Host;

/// <summary>
/// How the warden was launched. Each kind needs a different contract with its launcher (a terminal,
/// systemd's notify socket, the Windows service control manager), so the host picks one at start.
/// </summary>
public enum HostKind
{
    /// <summary>Foreground in a terminal or under a plain process manager: signals stop and reload it.</summary>
    Console,

    /// <summary>Under systemd with <c>Type=notify</c>: readiness, status, reloads and watchdog go to <c>NOTIFY_SOCKET</c>.</summary>
    Systemd,

    /// <summary>Started by the Windows service control manager: status goes through SetServiceStatus.</summary>
    WindowsService,
}
