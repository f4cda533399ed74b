using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;
using ActorWarden.Processes.Diagnostics;
using ActorWarden.Processes.Threading;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// The one thread that waits for every child's output pipe to become readable: epoll_wait over pipes that
/// someone is waiting for, each armed one-shot for a single wait. Not the runtime's socket engine, which keeps
/// a pipe registered edge-triggered for good: a child flooding its pipe while the warden splices or pauses then
/// costs a wake-up and a thread-pool hand-off per write(2) of the child (tens of thousands a second) that nobody
/// waits for. Here a pipe costs nothing while nobody waits for it.
/// </summary>
internal sealed unsafe class PipeReadiness
{
    private const int MaxEventsPerWait = 64;

    private static readonly Stage ReadinessStage = StageCosts.Register("pipe readiness");

    // struct epoll_event is packed on x86-64 (12 bytes) and naturally aligned elsewhere (16 bytes).
    private static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    private static readonly Lazy<PipeReadiness> Shared = new(() => new PipeReadiness(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The token of the eventfd that wakes the thread when a pause is added from another thread.</summary>
    private const ulong WakeToken = 0;

    private readonly int _epollFd;
    private readonly int _wakeFd;
    private readonly ConcurrentDictionary<ulong, Waiter> _waiters = new();
    private readonly object _pausesGate = new();
    private readonly List<(Waiter Waiter, long Due)> _pauses = [];
    private readonly List<Waiter> _duePauses = [];
    private readonly Thread _thread;
    private long _nextToken;
    private bool _precise = true;

    private PipeReadiness()
    {
        _epollFd = LibC.EpollCreate1(LibC.EPOLL_CLOEXEC);
        if (_epollFd < 0)
        {
            throw new IOException($"epoll_create1 failed: {LibC.Describe(Marshal.GetLastPInvokeError())}.");
        }

        _wakeFd = LibC.EventFd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        if (_wakeFd < 0)
        {
            throw new IOException($"eventfd failed: {LibC.Describe(Marshal.GetLastPInvokeError())}.");
        }

        var evt = stackalloc byte[16];
        *(uint*)evt = LibC.EPOLLIN;
        *(ulong*)(evt + DataOffset) = WakeToken;
        if (LibC.EpollCtl(_epollFd, LibC.EPOLL_CTL_ADD, _wakeFd, evt) != 0)
        {
            throw new IOException($"epoll_ctl of the wake-up eventfd failed: {LibC.Describe(Marshal.GetLastPInvokeError())}.");
        }

        _thread = new Thread(Run)
        {
            IsBackground = true,
            Name = "actorwarden-pipes",
        };
        _thread.Start();
    }

    public static PipeReadiness Instance => Shared.Value;

    /// <summary>A waiter for <paramref name="fd"/>, a pipe's read end; nothing is registered until its first wait.</summary>
    public Waiter For(int fd)
    {
        var waiter = new Waiter(this, fd, (ulong)Interlocked.Increment(ref _nextToken));
        _waiters[waiter.Token] = waiter;
        return waiter;
    }

    private void Arm(Waiter waiter, bool added)
    {
        var evt = stackalloc byte[16];
        *(uint*)evt = LibC.EPOLLIN | LibC.EPOLLRDHUP | LibC.EPOLLONESHOT;
        *(ulong*)(evt + DataOffset) = waiter.Token;
        if (LibC.EpollCtl(_epollFd, added ? LibC.EPOLL_CTL_MOD : LibC.EPOLL_CTL_ADD, waiter.Fd, evt) != 0)
        {
            throw new IOException($"cannot wait for pipe {waiter.Fd}: epoll_ctl failed: {LibC.Describe(Marshal.GetLastPInvokeError())}.");
        }
    }

    private void Pause(Waiter waiter, TimeSpan pause)
    {
        var due = Stopwatch.GetTimestamp() + (long)(pause.TotalSeconds * Stopwatch.Frequency);
        lock (_pausesGate)
        {
            _pauses.Add((waiter, due));
        }

        if (Thread.CurrentThread != _thread)
        {
            ulong one = 1;
            LibC.Write(_wakeFd, (byte*)&one, sizeof(ulong));
        }
    }

    /// <summary>Time until the earliest pause ends (zero when one is due), or null: wait for pipes only.</summary>
    private TimeSpan? NextTimeout()
    {
        lock (_pausesGate)
        {
            if (_pauses.Count == 0)
            {
                return null;
            }

            var earliest = long.MaxValue;
            foreach (var (_, due) in _pauses)
            {
                earliest = Math.Min(earliest, due);
            }

            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), earliest);
            return left <= TimeSpan.Zero ? TimeSpan.Zero : left;
        }
    }

    /// <summary>epoll_pwait2 where the C library has it (nanosecond timeouts), else epoll_wait rounded up to the millisecond.</summary>
    private int Wait(byte* events, TimeSpan? timeout)
    {
        if (_precise && timeout is { } left)
        {
            var spec = new LibC.Timespec { Seconds = left.Ticks / TimeSpan.TicksPerSecond, Nanoseconds = left.Ticks % TimeSpan.TicksPerSecond * 100 };
            try
            {
                var count = LibC.EpollPwait2(_epollFd, events, MaxEventsPerWait, &spec, IntPtr.Zero);
                if (count >= 0 || Marshal.GetLastPInvokeError() != LibC.ENOSYS)
                {
                    return count;
                }
            }
            catch (EntryPointNotFoundException)
            {
                // An older C library: millisecond timeouts from now on.
            }

            _precise = false;
        }

        var milliseconds = timeout is { } t ? (int)Math.Ceiling(t.TotalMilliseconds) : -1;
        return LibC.EpollWait(_epollFd, events, MaxEventsPerWait, milliseconds);
    }

    private void EndDuePauses()
    {
        var now = Stopwatch.GetTimestamp();
        lock (_pausesGate)
        {
            for (var i = _pauses.Count - 1; i >= 0; i--)
            {
                if (_pauses[i].Due <= now)
                {
                    _duePauses.Add(_pauses[i].Waiter);
                    _pauses.RemoveAt(i);
                }
            }
        }

        // Completed outside the lock: a paused pump continues right here, on this thread, until its next wait.
        foreach (var waiter in _duePauses)
        {
            waiter.Complete(null);
        }

        _duePauses.Clear();
    }

    /// <summary>
    /// Forgets <paramref name="waiter"/> without an EPOLL_CTL_DEL: its stream closes the descriptor right
    /// after, and the kernel drops a closed pipe from the epoll set itself (two syscalls fewer at every
    /// exit). Should a copy of the descriptor outlive the close for a moment (a child forked by another
    /// thread and not yet executed), an event of it carries a token no waiter has any more and is ignored.
    /// </summary>
    private void Remove(Waiter waiter) => _waiters.TryRemove(waiter.Token, out _);

    private void Run()
    {
        var events = (byte*)NativeMemory.Alloc((nuint)(EventSize * MaxEventsPerWait));
        RunNext.Open();
        while (true)
        {
            var count = Wait(events, NextTimeout());
            if (count < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.EINTR)
                {
                    continue;
                }

                // Without this loop no output is ever read again and every child blocks on its next write.
                Environment.FailFast($"actorwarden pipe readiness: epoll_wait failed: {LibC.Describe(errno)}");
            }

            using (StageCosts.Enter(ReadinessStage))
            {
                for (var i = 0; i < count; i++)
                {
                    var token = *(ulong*)(events + (i * EventSize) + DataOffset);
                    if (token == WakeToken)
                    {
                        ulong drained;
                        LibC.Read(_wakeFd, (byte*)&drained, sizeof(ulong));
                    }
                    else if (_waiters.TryGetValue(token, out var waiter))
                    {
                        var mask = *(uint*)(events + (i * EventSize));
                        waiter.Complete(null, drained: (mask & (LibC.EPOLLIN | LibC.EPOLLHUP)) == LibC.EPOLLHUP);
                    }
                }

                EndDuePauses();
            }

            // A pump that met the end of its pipe here tells its log shipper, which runs here next (RunNext).
            RunNext.Drain(close: false);
        }
    }

    /// <summary>
    /// Waits, one at a time, for one pipe to become readable (or its writers to close it). Reused for every
    /// wait: no allocation per wait. Continuations run on the thread pool, except the last one of a pipe
    /// that is empty with every writer gone (hung up, nothing to read): its reader only meets the end of
    /// the stream and closes it, which costs less than a hand-off, and every exit of every child ends two.
    /// </summary>
    internal sealed class Waiter : IValueTaskSource
    {
        private readonly PipeReadiness _owner;
        private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
        private CancellationTokenRegistration _cancellation;
        private int _waiting;
        private bool _added;
        private bool _closed;

        public Waiter(PipeReadiness owner, int fd, ulong token)
        {
            _owner = owner;
            Fd = fd;
            Token = token;
        }

        public int Fd { get; }

        public ulong Token { get; }

        /// <summary>
        /// Completes after <paramref name="pause"/>, on the readiness thread itself: the paused pump's next splice
        /// runs there, without a hand-off to the thread pool (the one wake-up of a flood's cycle, as in a
        /// single-threaded supervisor). Only for short, non-blocking work: a splice into an open file.
        /// </summary>
        public ValueTask PauseAsync(TimeSpan pause)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _core.Reset();
            _core.RunContinuationsAsynchronously = false;
            Volatile.Write(ref _waiting, 1);
            _owner.Pause(this, pause);
            return new ValueTask(this, _core.Version);
        }

        /// <summary>Completes once the pipe is readable or hung up; a second wait may start only after the first completed.</summary>
        public ValueTask WaitAsync(CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _core.Reset();
            _core.RunContinuationsAsynchronously = true;
            Volatile.Write(ref _waiting, 1);
            if (cancellationToken.CanBeCanceled)
            {
                _cancellation = cancellationToken.Register(static (state, token) => ((Waiter)state!).Complete(new OperationCanceledException(token)), this);
            }

            try
            {
                _owner.Arm(this, _added);
                _added = true;
            }
            catch (IOException e)
            {
                Complete(e);
            }

            return new ValueTask(this, _core.Version);
        }

        /// <summary>Stops waiting for good (the stream closes its descriptor next): a pending wait ends with <see cref="ObjectDisposedException"/>.</summary>
        public void Close()
        {
            _closed = true;
            _owner.Remove(this);

            // Most closes come after the reader met the end of the pipe, with no wait pending: they make no
            // exception (its message is looked up in the runtime's resources, at every exit of every child).
            if (Volatile.Read(ref _waiting) != 0)
            {
                Complete(new ObjectDisposedException(nameof(PipeReadStream)));
            }
        }

        /// <param name="error">What the wait ends with instead of readiness; null when the pipe is ready.</param>
        /// <param name="drained">The pipe is hung up and empty: the continuation may run on the completing thread.</param>
        internal void Complete(Exception? error, bool drained = false)
        {
            if (Interlocked.Exchange(ref _waiting, 0) == 0)
            {
                return;
            }

            if (drained)
            {
                _core.RunContinuationsAsynchronously = false;
            }

            if (error is null)
            {
                _core.SetResult(true);
            }
            else
            {
                _core.SetException(error);
            }
        }

        void IValueTaskSource.GetResult(short token)
        {
            _cancellation.Dispose();
            _cancellation = default;
            _core.GetResult(token);
        }

        ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

        void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
