using System.Collections.Concurrent;
using ActorWarden.Processes.Windows;

namespace ActorWarden.Processes.Tests.Windows;

/// <summary>
/// A scripted Win32: records every call in order, hands out fake handles, and lets the test decide
/// when a process exits (its exit wait handle is a plain event) and with which code.
/// </summary>
internal sealed class FakeWin32ProcessApi : IWin32ProcessApi
{
    private readonly ConcurrentDictionary<nint, ManualResetEvent> _exitEvents = new();
    private readonly ConcurrentDictionary<nint, uint> _exitCodes = new();
    private long _nextHandle = 0x100;
    private int _nextPid = 4000;

    public ConcurrentQueue<string> Calls { get; } = new();

    public HashSet<nint> OpenHandles { get; } = [];

    public bool CtrlBreakDelivers { get; set; } = true;

    public int WindowsPerProcess { get; set; }

    public bool AssignSucceeds { get; set; } = true;

    public int? CreateProcessError { get; set; }

    public List<int> Descendants { get; } = [];

    public Win32SpawnRequest? LastRequest { get; private set; }

    public Dictionary<nint, int> PidOfProcess { get; } = [];

    public nint CreateKillOnCloseJob() => Record("CreateKillOnCloseJob", NewHandle());

    public (Stream Reader, nint ChildWriteHandle) CreateOutputPipe() => (new MemoryStream(), Record("CreateOutputPipe", NewHandle()));

    public nint OpenNullDevice(bool forWriting) => Record($"OpenNullDevice({(forWriting ? "write" : "read")})", NewHandle());

    public Win32Spawned CreateSuspendedProcess(Win32SpawnRequest request)
    {
        LastRequest = request;
        Calls.Enqueue("CreateSuspendedProcess");
        if (CreateProcessError is { } error)
        {
            throw new Win32StartException(error, $"fake error {error}");
        }

        var process = NewHandle();
        var thread = NewHandle();
        var pid = Interlocked.Increment(ref _nextPid);
        lock (PidOfProcess)
        {
            PidOfProcess[process] = pid;
        }

        _exitEvents[process] = new ManualResetEvent(false);
        return new Win32Spawned(pid, process, thread);
    }

    public bool AssignToJob(nint job, nint process, out int error)
    {
        Calls.Enqueue("AssignToJob");
        error = AssignSucceeds ? 0 : 5;
        return AssignSucceeds;
    }

    public bool ResumeThread(nint thread)
    {
        Calls.Enqueue("ResumeThread");
        return true;
    }

    public nint OpenProcess(int pid)
    {
        Calls.Enqueue($"OpenProcess({pid})");
        var process = NewHandle();
        _exitEvents[process] = new ManualResetEvent(false);
        lock (PidOfProcess)
        {
            PidOfProcess[process] = pid;
        }

        return process;
    }

    public ulong GetStartTime(nint process)
    {
        lock (PidOfProcess)
        {
            return 1000 + (ulong)PidOfProcess[process];
        }
    }

    public WaitHandle ExitWaitHandle(nint process) => _exitEvents[process];

    public uint GetExitCode(nint process) => _exitCodes.TryGetValue(process, out var code) ? code : 259;

    public bool SendCtrlBreak(int processGroupId)
    {
        Calls.Enqueue($"SendCtrlBreak({processGroupId})");
        return CtrlBreakDelivers;
    }

    public int CloseTopLevelWindows(int pid)
    {
        Calls.Enqueue($"CloseTopLevelWindows({pid})");
        return WindowsPerProcess;
    }

    public bool TerminateJob(nint job, uint exitCode)
    {
        Calls.Enqueue($"TerminateJob({exitCode})");
        foreach (var process in _exitEvents.Keys)
        {
            Exit(process, exitCode);
        }

        return true;
    }

    public bool TerminateProcess(nint process, uint exitCode)
    {
        Calls.Enqueue($"TerminateProcess({exitCode})");
        Exit(process, exitCode);
        return true;
    }

    public bool TerminateProcessById(int pid, uint exitCode)
    {
        Calls.Enqueue($"TerminateProcessById({pid}, {exitCode})");
        return true;
    }

    public IReadOnlyList<int> ListDescendants(int pid) => Descendants;

    public void CloseHandle(nint handle)
    {
        Calls.Enqueue("CloseHandle");
        lock (OpenHandles)
        {
            OpenHandles.Remove(handle);
        }
    }

    /// <summary>Makes the process exit with <paramref name="code"/>, as the kernel would.</summary>
    public void Exit(nint process, uint code)
    {
        if (_exitEvents.TryGetValue(process, out var exited) && _exitCodes.TryAdd(process, code))
        {
            exited.Set();
        }
    }

    public nint ProcessOf(int pid)
    {
        lock (PidOfProcess)
        {
            return PidOfProcess.Single(p => p.Value == pid).Key;
        }
    }

    private nint NewHandle()
    {
        var handle = (nint)Interlocked.Increment(ref _nextHandle);
        lock (OpenHandles)
        {
            OpenHandles.Add(handle);
        }

        return handle;
    }

    private nint Record(string call, nint handle)
    {
        Calls.Enqueue(call);
        return handle;
    }
}
