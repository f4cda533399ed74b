namespace ActorWarden.Processes.Windows;

/// <summary>
/// Maps POSIX signals onto what Windows offers, the way NSSM stops a service: a console program gets
/// CTRL_BREAK to its process group (CTRL_C cannot be aimed at a group, and a new group ignores it),
/// a GUI program gets WM_CLOSE on its top-level windows, and the last rung terminates the job object,
/// which takes the whole tree at once. SIGUSR1/SIGUSR2 have no Windows meaning and are not sent.
/// </summary>
internal sealed class StopLadder(IWin32ProcessApi api)
{
    /// <summary>The exit code given to processes the warden kills, reported back as SIGKILL.</summary>
    public const uint KilledExitCode = 137;

    /// <summary>The rungs a signal maps to.</summary>
    [Flags]
    internal enum Rungs
    {
        None = 0,
        ConsoleBreak = 1,
        CloseWindows = 2,
        TerminateJob = 4,
        TerminateTree = 8,
    }

    /// <summary>The decision alone: which rungs a signal means for a process with or without a job object.</summary>
    public static Rungs Plan(ProcessSignal signal, bool hasJob) => signal switch
    {
        ProcessSignal.SIGKILL => hasJob ? Rungs.TerminateJob : Rungs.TerminateTree,
        ProcessSignal.SIGTERM or ProcessSignal.SIGINT or ProcessSignal.SIGQUIT or ProcessSignal.SIGHUP => Rungs.ConsoleBreak | Rungs.CloseWindows,
        _ => Rungs.None,
    };

    /// <summary>Applies the plan; returns the rungs that actually reached something.</summary>
    public Rungs Send(ProcessSignal signal, int pid, nint process, nint job)
    {
        var plan = Plan(signal, job != 0);
        var delivered = Rungs.None;
        if (plan.HasFlag(Rungs.ConsoleBreak) && api.SendCtrlBreak(pid))
        {
            delivered |= Rungs.ConsoleBreak;
        }

        if (plan.HasFlag(Rungs.CloseWindows) && api.CloseTopLevelWindows(pid) > 0)
        {
            delivered |= Rungs.CloseWindows;
        }

        if (plan.HasFlag(Rungs.TerminateJob) && api.TerminateJob(job, KilledExitCode))
        {
            delivered |= Rungs.TerminateJob;
        }

        if (plan.HasFlag(Rungs.TerminateTree) && TerminateTree(pid, process))
        {
            delivered |= Rungs.TerminateTree;
        }

        return delivered;
    }

    /// <summary>Without a job (adopted processes): descendants first, by parent id, then the process itself.</summary>
    private bool TerminateTree(int pid, nint process)
    {
        var any = false;
        foreach (var descendant in api.ListDescendants(pid).Reverse())
        {
            any |= api.TerminateProcessById(descendant, KilledExitCode);
        }

        return api.TerminateProcess(process, KilledExitCode) || any;
    }
}
