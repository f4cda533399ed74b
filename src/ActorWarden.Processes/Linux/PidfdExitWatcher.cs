using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using ActorWarden.Processes.Diagnostics;
using ActorWarden.Processes.Threading;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// The one thread that learns about every child's exit: epoll_wait over pidfds, which become
/// readable when their process exits. No thread per child, no polling, no SIGCHLD handler (the
/// runtime owns SIGCHLD for System.Diagnostics.Process).
/// </summary>
/// <remarks>
/// Callbacks run on this thread and complete TaskCompletionSources synchronously, so continuations of
/// <see cref="IChildProcess.Exited"/> may run here too: they must only enqueue work. The work the batch's
/// first exit readies (its instance's actor and the restart it starts) then runs here, after the callbacks,
/// from this thread's <see cref="RunNext"/> slots. Registration is safe from any thread (epoll_ctl is
/// thread-safe). Each registration is one-shot.
/// </remarks>
internal sealed unsafe class PidfdExitWatcher
{
    private const int MaxEventsPerWait = 256;

    // struct epoll_event is packed on x86-64 (12 bytes) and naturally aligned elsewhere (16 bytes).
    private static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;
    private const uint EPOLLONESHOT = 1u << 30;

    private static readonly Stage ExitStage = StageCosts.Register("exit watcher");

    private static readonly Lazy<PidfdExitWatcher> Shared = new(() => new PidfdExitWatcher(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly int _epollFd;
    private readonly ConcurrentDictionary<ulong, Action> _callbacks = new();
    private long _nextToken;

    private PidfdExitWatcher()
    {
        _epollFd = LibC.EpollCreate1(LibC.EPOLL_CLOEXEC);
        if (_epollFd < 0)
        {
            throw new InvalidOperationException($"epoll_create1 failed: {LibC.Describe(Marshal.GetLastPInvokeError())}.");
        }

        var thread = new Thread(Run)
        {
            IsBackground = true,
            Name = "actorwarden-exit-watcher",
            Priority = ThreadPriority.AboveNormal,
        };
        thread.Start();
    }

    public static PidfdExitWatcher Instance => Shared.Value;

    /// <summary>Registrations currently waiting for an exit (for diagnostics and tests).</summary>
    public int Pending => _callbacks.Count;

    /// <summary>Calls <paramref name="onExit"/> once, on the watcher thread, when the process behind <paramref name="pidfd"/> exits.</summary>
    public void Watch(int pidfd, Action onExit)
    {
        var token = (ulong)Interlocked.Increment(ref _nextToken);
        _callbacks[token] = onExit;
        var evt = stackalloc byte[16];
        *(uint*)evt = LibC.EPOLLIN | EPOLLONESHOT;
        *(ulong*)(evt + DataOffset) = token;
        if (LibC.EpollCtl(_epollFd, LibC.EPOLL_CTL_ADD, pidfd, evt) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            _callbacks.TryRemove(token, out _);
            throw new InvalidOperationException($"cannot watch pidfd {pidfd}: epoll_ctl failed: {LibC.Describe(errno)}.");
        }
    }

    private void Run()
    {
        var events = (byte*)NativeMemory.Alloc((nuint)(EventSize * MaxEventsPerWait));
        RunNext.Open();
        while (true)
        {
            var count = LibC.EpollWait(_epollFd, events, MaxEventsPerWait, -1);
            if (count < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.EINTR)
                {
                    continue;
                }

                // Without this loop no exit is ever observed again: a supervisor in that state must not limp on.
                Environment.FailFast($"actorwarden exit watcher: epoll_wait failed: {LibC.Describe(errno)}");
            }

            using (StageCosts.Enter(ExitStage))
            {
                for (var i = 0; i < count; i++)
                {
                    var token = *(ulong*)(events + (i * EventSize) + DataOffset);
                    if (_callbacks.TryRemove(token, out var callback))
                    {
                        callback();
                        RunNext.Seal();
                    }
                }
            }

            // The first exit's actor, readied by its callback, runs here with the restart it starts; the batch's
            // other exits were sealed out of the slots and run on the pool meanwhile (RunNext).
            RunNext.Drain(close: false);
        }
    }
}
