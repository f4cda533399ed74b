using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

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

    // struct epoll_event is packed on x86-64 (12 bytes) and naturally aligned elsewhere (16 bytes).
    private static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    private static readonly Lazy<PipeReadiness> Shared = new(() => new PipeReadiness(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly int _epollFd;
    private readonly ConcurrentDictionary<ulong, Waiter> _waiters = new();
    private long _nextToken;

    private PipeReadiness()
    {
        _epollFd = LibC.EpollCreate1(LibC.EPOLL_CLOEXEC);
        if (_epollFd < 0)
        {
            throw new IOException($"epoll_create1 failed: {LibC.Describe(Marshal.GetLastPInvokeError())}.");
        }

        var thread = new Thread(Run)
        {
            IsBackground = true,
            Name = "actorwarden-pipes",
        };
        thread.Start();
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

    private void Remove(Waiter waiter, bool added)
    {
        _waiters.TryRemove(waiter.Token, out _);
        if (added)
        {
            LibC.EpollCtl(_epollFd, LibC.EPOLL_CTL_DEL, waiter.Fd, null);
        }
    }

    private void Run()
    {
        var events = (byte*)NativeMemory.Alloc((nuint)(EventSize * MaxEventsPerWait));
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

                // Without this loop no output is ever read again and every child blocks on its next write.
                Environment.FailFast($"actorwarden pipe readiness: epoll_wait failed: {LibC.Describe(errno)}");
            }

            for (var i = 0; i < count; i++)
            {
                var token = *(ulong*)(events + (i * EventSize) + DataOffset);
                if (_waiters.TryGetValue(token, out var waiter))
                {
                    waiter.Complete(null);
                }
            }
        }
    }

    /// <summary>
    /// Waits, one at a time, for one pipe to become readable (or its writers to close it). Reused for every
    /// wait: no allocation per wait; continuations run on the thread pool, never on the epoll thread.
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

        /// <summary>Completes once the pipe is readable or hung up; a second wait may start only after the first completed.</summary>
        public ValueTask WaitAsync(CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _core.Reset();
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

        /// <summary>Stops waiting for good (the stream is closing): a pending wait ends with <see cref="ObjectDisposedException"/>.</summary>
        public void Close()
        {
            _closed = true;
            _owner.Remove(this, _added);
            Complete(new ObjectDisposedException(nameof(PipeReadStream)));
        }

        internal void Complete(Exception? error)
        {
            if (Interlocked.Exchange(ref _waiting, 0) == 0)
            {
                return;
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
