namespace ActorWarden.Processes;

/// <summary>
/// The signals a supervisor needs to stop, reload or kill a service. Values are the Linux signal
/// numbers; on Windows they map onto the nearest native mechanism (SIGINT/SIGTERM/SIGQUIT/SIGHUP →
/// CTRL_BREAK to the process group plus WM_CLOSE to its windows, SIGKILL → terminating the job
/// object; SIGUSR1/SIGUSR2 have no Windows equivalent and are ignored there).
/// </summary>
public enum ProcessSignal
{
    SIGHUP = 1,
    SIGINT = 2,
    SIGQUIT = 3,
    SIGKILL = 9,
    SIGUSR1 = 10,
    SIGUSR2 = 12,
    SIGTERM = 15,
}
