using System.ComponentModel;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;
using static ActorWarden.Processes.Windows.Win32Native;

namespace ActorWarden.Processes.Windows;

/// <summary>The real Win32 implementation of <see cref="IWin32ProcessApi"/>.</summary>
[SupportedOSPlatform("windows")]
internal sealed unsafe class Win32ProcessApi : IWin32ProcessApi
{
    // AttachConsole/FreeConsole change process-wide state: one console operation at a time.
    private static readonly object ConsoleGate = new();

    // Serialises spawns that cannot restrict inheritance to their own three handles.
    private static readonly object InheritanceGate = new();

    public nint CreateKillOnCloseJob()
    {
        var job = CreateJobObject(0, null);
        if (job == 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "cannot create a job object");
        }

        var limits = default(JobExtendedLimitInformation);
        limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        if (!SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, (uint)sizeof(JobExtendedLimitInformation)))
        {
            var error = Marshal.GetLastPInvokeError();
            Win32Native.CloseHandle(job);
            throw new Win32Exception(error, "cannot make the job object kill-on-close");
        }

        return job;
    }

    public (Stream Reader, nint ChildWriteHandle) CreateOutputPipe()
    {
        var name = $@"\\.\pipe\actorwarden-{Environment.ProcessId}-{Guid.NewGuid():N}";
        var server = CreateNamedPipe(
            name,
            PIPE_ACCESS_INBOUND | FILE_FLAG_OVERLAPPED | FILE_FLAG_FIRST_PIPE_INSTANCE,
            PIPE_REJECT_REMOTE_CLIENTS,
            maxInstances: 1,
            outBufferSize: 0,
            inBufferSize: 64 * 1024,
            defaultTimeout: 0,
            securityAttributes: 0);
        if (server == InvalidHandle)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"cannot create pipe {name}");
        }

        var inheritable = new SecurityAttributes { Length = (uint)sizeof(SecurityAttributes), InheritHandle = 1 };
        var client = CreateFile(name, GENERIC_WRITE, 0, &inheritable, OPEN_EXISTING, 0, 0);
        if (client == InvalidHandle)
        {
            var error = Marshal.GetLastPInvokeError();
            Win32Native.CloseHandle(server);
            throw new Win32Exception(error, $"cannot open pipe {name}");
        }

        // Overlapped handle + isAsync: reads complete on the I/O completion port, no thread waits; the
        // pipe stream reports the child closing its end (ERROR_BROKEN_PIPE) as end of stream.
        return (new NamedPipeServerStream(PipeDirection.In, isAsync: true, isConnected: true, new SafePipeHandle(server, ownsHandle: true)), client);
    }

    public nint OpenNullDevice(bool forWriting)
    {
        var inheritable = new SecurityAttributes { Length = (uint)sizeof(SecurityAttributes), InheritHandle = 1 };
        var handle = CreateFile("NUL", forWriting ? GENERIC_WRITE : GENERIC_READ, FILE_SHARE_READ_WRITE, &inheritable, OPEN_EXISTING, 0, 0);
        return handle == InvalidHandle
            ? throw new Win32Exception(Marshal.GetLastPInvokeError(), "cannot open NUL")
            : handle;
    }

    public Win32Spawned CreateSuspendedProcess(Win32SpawnRequest request)
    {
        // Only these handles are inherited, whatever else is inheritable in the warden right now
        // (a concurrent Process.Start, another spawn): otherwise pipes leak into the wrong child and
        // their readers never see end-of-file.
        var inherited = new[] { request.StdInput, request.StdOutput, request.StdError }.Distinct().ToArray();
        nuint size = 0;
        InitializeProcThreadAttributeList(0, 1, 0, ref size);
        var attributes = size == 0 ? 0 : Marshal.AllocHGlobal((nint)size);
        var initialized = attributes != 0 && InitializeProcThreadAttributeList(attributes, 1, 0, ref size);
        try
        {
            fixed (nint* handles = inherited)
            {
                var limited = initialized
                    && UpdateProcThreadAttribute(attributes, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, handles, (nuint)(inherited.Length * sizeof(nint)), 0, 0);
                if (limited)
                {
                    return Create(request, attributes);
                }

                // Without handle lists (older Wine): plain inheritance, one spawn of ours at a time.
                lock (InheritanceGate)
                {
                    return Create(request, 0);
                }
            }
        }
        finally
        {
            if (initialized)
            {
                DeleteProcThreadAttributeList(attributes);
            }

            if (attributes != 0)
            {
                Marshal.FreeHGlobal(attributes);
            }
        }
    }

    private static Win32Spawned Create(Win32SpawnRequest request, nint attributes)
    {
        var startup = default(StartupInfoEx);
        startup.StartupInfo.Cb = (uint)(attributes != 0 ? sizeof(StartupInfoEx) : sizeof(StartupInfo));
        startup.StartupInfo.Flags = STARTF_USESTDHANDLES;
        startup.StartupInfo.StdInput = request.StdInput;
        startup.StartupInfo.StdOutput = request.StdOutput;
        startup.StartupInfo.StdError = request.StdError;
        startup.AttributeList = attributes;

        // CreateProcessW may write into the command line, so it gets a private copy.
        var commandLine = (request.CommandLine + '\0').ToCharArray();
        var flags = CREATE_SUSPENDED | CREATE_NEW_PROCESS_GROUP | CREATE_UNICODE_ENVIRONMENT | request.PriorityClass
            | (attributes != 0 ? EXTENDED_STARTUPINFO_PRESENT : 0);
        ProcessInformation information;
        fixed (char* command = commandLine)
        fixed (char* environment = request.EnvironmentBlock)
        {
            if (!CreateProcess(request.ApplicationName, command, 0, 0, true, flags, environment, request.WorkingDirectory, &startup, &information))
            {
                var error = Marshal.GetLastPInvokeError();
                throw new Win32StartException(error, Describe(error));
            }
        }

        return new Win32Spawned((int)information.ProcessId, information.Process, information.Thread);
    }

    public bool AssignToJob(nint job, nint process, out int error)
    {
        var assigned = AssignProcessToJobObject(job, process);
        error = assigned ? 0 : Marshal.GetLastPInvokeError();
        return assigned;
    }

    bool IWin32ProcessApi.ResumeThread(nint thread) => Win32Native.ResumeThread(thread) != uint.MaxValue;

    nint IWin32ProcessApi.OpenProcess(int pid) =>
        Win32Native.OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_TERMINATE, false, (uint)pid);

    public ulong GetStartTime(nint process) =>
        GetProcessTimes(process, out var creation, out _, out _, out _) ? (ulong)creation : 0;

    public WaitHandle ExitWaitHandle(nint process) => new ProcessExitWaitHandle(process);

    public uint GetExitCode(nint process) => GetExitCodeProcess(process, out var code) ? code : uint.MaxValue;

    public bool SendCtrlBreak(int processGroupId)
    {
        lock (ConsoleGate)
        {
            // Works directly when the child shares our console (the warden runs in a console).
            if (GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, (uint)processGroupId))
            {
                return true;
            }

            // A service has no console: borrow the child's for the moment, as NSSM does. AttachConsole
            // fails harmlessly when we already have a console of our own.
            if (!AttachConsole((uint)processGroupId))
            {
                return false;
            }

            try
            {
                return GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, (uint)processGroupId);
            }
            finally
            {
                FreeConsole();
            }
        }
    }

    public int CloseTopLevelWindows(int pid)
    {
        var search = new WindowSearch((uint)pid);
        var handle = GCHandle.Alloc(search);
        try
        {
            EnumWindows(&PostCloseIfOwned, GCHandle.ToIntPtr(handle));
        }
        finally
        {
            handle.Free();
        }

        return search.Closed;
    }

    public bool TerminateJob(nint job, uint exitCode) => TerminateJobObject(job, exitCode);

    bool IWin32ProcessApi.TerminateProcess(nint process, uint exitCode) => Win32Native.TerminateProcess(process, exitCode);

    public bool TerminateProcessById(int pid, uint exitCode)
    {
        var process = Win32Native.OpenProcess(PROCESS_TERMINATE, false, (uint)pid);
        if (process == 0)
        {
            return false;
        }

        try
        {
            return Win32Native.TerminateProcess(process, exitCode);
        }
        finally
        {
            Win32Native.CloseHandle(process);
        }
    }

    public IReadOnlyList<int> ListDescendants(int pid) => Win32ProcessSnapshot.Descendants(pid);

    void IWin32ProcessApi.CloseHandle(nint handle)
    {
        if (handle != 0 && handle != InvalidHandle)
        {
            Win32Native.CloseHandle(handle);
        }
    }

    private static string Describe(int error)
    {
        var text = Marshal.GetPInvokeErrorMessage(error).TrimEnd('.', ' ', '\r', '\n');
        return text.Length == 0 ? $"error {error}" : char.ToLowerInvariant(text[0]) + text[1..];
    }

    [UnmanagedCallersOnly]
    private static int PostCloseIfOwned(nint window, nint parameter)
    {
        var search = (WindowSearch)GCHandle.FromIntPtr(parameter).Target!;
        GetWindowThreadProcessId(window, out var owner);
        if (owner == search.Pid && PostMessage(window, WM_CLOSE, 0, 0))
        {
            search.Closed++;
        }

        return 1;
    }

    private sealed class WindowSearch(uint pid)
    {
        public uint Pid { get; } = pid;

        public int Closed { get; set; }
    }

    /// <summary>Lets the thread pool wait on a process handle it does not own.</summary>
    private sealed class ProcessExitWaitHandle : WaitHandle
    {
        public ProcessExitWaitHandle(nint process)
        {
            SafeWaitHandle = new SafeWaitHandle(process, ownsHandle: false);
        }
    }
}
