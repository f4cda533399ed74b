namespace ActorWarden.Processes.Windows;

/// <summary>
/// Starts each child suspended, puts it in its own kill-on-close job object before it can run a
/// single instruction (so nothing it spawns can escape the job), then resumes it. Output comes
/// through overlapped named pipes read asynchronously; the exit through a thread-pool wait.
/// </summary>
internal sealed class WindowsProcessLauncher(IWin32ProcessApi api) : IProcessLauncher
{
    public static IProcessLauncher Create() => OperatingSystem.IsWindows()
        ? new WindowsProcessLauncher(new Win32ProcessApi())
        : throw new PlatformNotSupportedException("the Windows launcher needs Windows");

    public IChildProcess Start(ProcessStartSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var path = WindowsStartPreflight.ResolveExecutable(spec);
        string commandLine;
        string environment;
        uint priority;
        try
        {
            commandLine = WindowsCommandLine.Build(path, spec.Arguments);
            environment = WindowsEnvironmentBlock.Build(spec.Environment);
            priority = WindowsStartPreflight.PriorityClass(spec.Nice);
        }
        catch (ArgumentException e)
        {
            throw new ProcessStartException(spec.FileName, e.Message, null, e);
        }

        var handles = new List<nint>();
        Stream? stdout = null;
        Stream? stderr = null;
        var job = api.CreateKillOnCloseJob();
        var started = false;
        try
        {
            var stdin = Keep(handles, api.OpenNullDevice(forWriting: false));
            nint childOut;
            nint childErr;
            if (spec.CaptureOutput)
            {
                (stdout, childOut) = api.CreateOutputPipe();
                Keep(handles, childOut);
                (stderr, childErr) = api.CreateOutputPipe();
                Keep(handles, childErr);
            }
            else
            {
                childOut = Keep(handles, api.OpenNullDevice(forWriting: true));
                childErr = Keep(handles, api.OpenNullDevice(forWriting: true));
            }

            Win32Spawned spawned;
            try
            {
                spawned = api.CreateSuspendedProcess(new Win32SpawnRequest(path, commandLine, environment, spec.WorkingDirectory, priority, stdin, childOut, childErr));
            }
            catch (Win32StartException e)
            {
                throw WindowsStartPreflight.Explain(spec, e.Error, e.Message);
            }

            if (!api.AssignToJob(job, spawned.Process, out var error))
            {
                api.TerminateProcess(spawned.Process, StopLadder.KilledExitCode);
                api.CloseHandle(spawned.Thread);
                api.CloseHandle(spawned.Process);
                throw new ProcessStartException(spec.FileName, $"cannot put the process in a job object (error {error})", error);
            }

            if (!api.ResumeThread(spawned.Thread))
            {
                api.TerminateJob(job, StopLadder.KilledExitCode);
                api.CloseHandle(spawned.Thread);
                api.CloseHandle(spawned.Process);
                throw new ProcessStartException(spec.FileName, "cannot resume the suspended process");
            }

            api.CloseHandle(spawned.Thread);
            started = true;
            return new WindowsChildProcess(api, spawned.Pid, spawned.Process, job, stdout, stderr);
        }
        finally
        {
            // The child holds its own copies of the standard handles now (or never will).
            foreach (var handle in handles)
            {
                api.CloseHandle(handle);
            }

            if (!started)
            {
                stdout?.Dispose();
                stderr?.Dispose();
                api.CloseHandle(job);
            }
        }
    }

    public IChildProcess? Adopt(int pid, ulong startTime)
    {
        var process = api.OpenProcess(pid);
        if (process == 0)
        {
            return null;
        }

        if (api.GetStartTime(process) != startTime)
        {
            api.CloseHandle(process);
            return null;
        }

        return new WindowsChildProcess(api, pid, process, job: 0, null, null);
    }

    /// <summary>Windows has no zombies: a process's exit status lives in its handles, not in its parent.</summary>
    public int ReapOrphans() => 0;

    private static nint Keep(List<nint> handles, nint handle)
    {
        handles.Add(handle);
        return handle;
    }
}
