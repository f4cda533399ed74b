namespace ActorWarden.Processes.Windows;

/// <summary>
/// The Win32 calls the Windows launcher makes, behind an interface so that its decisions (stop
/// ladder, exit translation, handle bookkeeping) are unit-tested on any OS with a fake. Handles are
/// opaque <see cref="nint"/> values owned by the caller, who releases them with <see cref="CloseHandle"/>.
/// </summary>
internal interface IWin32ProcessApi
{
    /// <summary>A job object that kills every process in it when its last handle closes (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE).</summary>
    nint CreateKillOnCloseJob();

    /// <summary>An overlapped named pipe: the parent's async read stream and the inheritable write handle for the child.</summary>
    (Stream Reader, nint ChildWriteHandle) CreateOutputPipe();

    /// <summary>An inheritable handle to the NUL device.</summary>
    nint OpenNullDevice(bool forWriting);

    /// <summary>
    /// CreateProcessW with CREATE_SUSPENDED | CREATE_NEW_PROCESS_GROUP | CREATE_UNICODE_ENVIRONMENT,
    /// inheriting exactly the three standard handles. Throws <see cref="Win32StartException"/> with the Win32 error.
    /// </summary>
    Win32Spawned CreateSuspendedProcess(Win32SpawnRequest request);

    /// <summary>AssignProcessToJobObject; false with the Win32 error when it fails.</summary>
    bool AssignToJob(nint job, nint process, out int error);

    /// <summary>ResumeThread; false when it fails.</summary>
    bool ResumeThread(nint thread);

    /// <summary>A process handle for a process we did not start (SYNCHRONIZE | QUERY_LIMITED_INFORMATION | TERMINATE), or 0.</summary>
    nint OpenProcess(int pid);

    /// <summary>The creation time (FILETIME, UTC) of the process, the Windows analogue of the Linux start time.</summary>
    ulong GetStartTime(nint process);

    /// <summary>A wait handle signalled when the process exits (does not own the process handle).</summary>
    WaitHandle ExitWaitHandle(nint process);

    /// <summary>GetExitCodeProcess.</summary>
    uint GetExitCode(nint process);

    /// <summary>CTRL_BREAK_EVENT to the console process group <paramref name="processGroupId"/>; false when it cannot be delivered.</summary>
    bool SendCtrlBreak(int processGroupId);

    /// <summary>Posts WM_CLOSE to every top-level window owned by <paramref name="pid"/>; returns how many.</summary>
    int CloseTopLevelWindows(int pid);

    /// <summary>TerminateJobObject: the whole tree at once.</summary>
    bool TerminateJob(nint job, uint exitCode);

    /// <summary>TerminateProcess on a handle we hold.</summary>
    bool TerminateProcess(nint process, uint exitCode);

    /// <summary>Opens and terminates <paramref name="pid"/> (used for descendants of adopted processes).</summary>
    bool TerminateProcessById(int pid, uint exitCode);

    /// <summary>All living descendants of <paramref name="pid"/> by parent process id.</summary>
    IReadOnlyList<int> ListDescendants(int pid);

    void CloseHandle(nint handle);
}

/// <summary>What CreateProcessW needs: all strings already in Windows form.</summary>
internal sealed record Win32SpawnRequest(
    string ApplicationName,
    string CommandLine,
    string EnvironmentBlock,
    string? WorkingDirectory,
    uint PriorityClass,
    nint StdInput,
    nint StdOutput,
    nint StdError);

/// <summary>A suspended process: its id and the process and primary-thread handles.</summary>
internal readonly record struct Win32Spawned(int Pid, nint Process, nint Thread);

/// <summary>CreateProcessW failed with <see cref="Error"/>.</summary>
internal sealed class Win32StartException(int error, string message) : Exception(message)
{
    public int Error { get; } = error;
}
