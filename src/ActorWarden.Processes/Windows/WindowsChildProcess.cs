namespace ActorWarden.Processes.Windows;

/// <summary>
/// A Windows child in its own job object (or an adopted process without one). The exit is observed by
/// a thread-pool wait on the process handle (no thread per child); stopping goes through the
/// <see cref="StopLadder"/>.
/// </summary>
/// <remarks>
/// Disposing closes the job handle, and the job is kill-on-close: descendants still running at that
/// point die with it. That is the Windows guarantee that no service outlives its supervision.
/// </remarks>
internal sealed class WindowsChildProcess : IChildProcess
{
    private readonly object _gate = new();
    private readonly IWin32ProcessApi _api;
    private readonly StopLadder _ladder;
    private readonly TaskCompletionSource<ProcessExit> _exited = new();
    private readonly WaitHandle _exitHandle;
    private readonly RegisteredWaitHandle _registration;
    private nint _process;
    private nint _job;
    private bool _killRequested;
    private bool _disposed;
    private bool _outputTaken;

    public WindowsChildProcess(IWin32ProcessApi api, int pid, nint process, nint job, Stream? stdout, Stream? stderr)
    {
        _api = api;
        _ladder = new StopLadder(api);
        Pid = pid;
        _process = process;
        _job = job;
        StandardOutput = stdout;
        StandardError = stderr;
        StartTime = api.GetStartTime(process);
        _exitHandle = api.ExitWaitHandle(process);
        _registration = ThreadPool.UnsafeRegisterWaitForSingleObject(_exitHandle, OnExited, null, Timeout.Infinite, executeOnlyOnce: true);
    }

    public int Pid { get; }

    public ulong StartTime { get; }

    public Task<ProcessExit> Exited => _exited.Task;

    public Stream? StandardOutput { get; }

    public Stream? StandardError { get; }

    public void Signal(ProcessSignal signal)
    {
        lock (_gate)
        {
            if (_exited.Task.IsCompleted || _process == 0)
            {
                return;
            }

            _killRequested |= signal == ProcessSignal.SIGKILL;
            _ladder.Send(signal, Pid, _process, _job);
        }
    }

    public void KillTree()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _killRequested = true;
            if (_job != 0)
            {
                // The job still holds descendants after the leader has exited.
                _api.TerminateJob(_job, StopLadder.KilledExitCode);
            }
            else if (!_exited.Task.IsCompleted)
            {
                _ladder.Send(ProcessSignal.SIGKILL, Pid, _process, 0);
            }
        }
    }

    public (Stream? Stdout, Stream? Stderr) TakeOutput()
    {
        Volatile.Write(ref _outputTaken, true);
        return (StandardOutput, StandardError);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_job != 0)
            {
                _api.CloseHandle(_job);
                _job = 0;
            }
        }

        if (!Volatile.Read(ref _outputTaken))
        {
            StandardOutput?.Dispose();
            StandardError?.Dispose();
        }
        if (_exited.Task.IsCompleted)
        {
            ReleaseProcessHandle();
        }
    }

    /// <summary>Translates a Windows exit code; a process the warden killed reports SIGKILL, as on Linux.</summary>
    internal static ProcessExit Translate(uint exitCode, bool killRequested) =>
        killRequested && exitCode == StopLadder.KilledExitCode
            ? new ProcessExit(null, (int)ProcessSignal.SIGKILL, false)
            : new ProcessExit(unchecked((int)exitCode), null, false);

    private void OnExited(object? state, bool timedOut)
    {
        ProcessExit exit;
        lock (_gate)
        {
            exit = Translate(_api.GetExitCode(_process), _killRequested);
        }

        _exited.TrySetResult(exit);
        bool disposed;
        lock (_gate)
        {
            disposed = _disposed;
        }

        if (disposed)
        {
            ReleaseProcessHandle();
        }
    }

    private void ReleaseProcessHandle()
    {
        lock (_gate)
        {
            if (_process != 0)
            {
                _registration.Unregister(null);
                _exitHandle.Dispose();
                _api.CloseHandle(_process);
                _process = 0;
            }
        }
    }
}
