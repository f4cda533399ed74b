using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using ActorWarden.Processes.Notify;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// The one thread that reads every instance's notify socket: epoll_wait over all of them, then one
/// recvmsg per readable socket. A thousand instances cost one thread and one wake-up per burst of
/// datagrams, not a thread or a pending async read each.
/// </summary>
/// <remarks>
/// For each datagram it takes the sender's credentials from SCM_CREDENTIALS (the kernel fills them
/// in; a sender cannot forge another pid), reads the sender's parent and session from /proc at once,
/// closes any file descriptors that came along (SCM_RIGHTS: the warden keeps no fd store), and calls
/// the channel's callback on this thread. Each wake-up reads one datagram from each readable socket
/// (epoll is level-triggered, so what remains is reported again at the next wake-up): the common case,
/// one heartbeat queued, costs one recvmsg and no second call to learn the socket is empty, and one
/// flooding instance gets no more turns than the others. A socket is read and closed only under its own gate, so a
/// channel closed while its datagrams are being read can never have its fd number, reused by a new
/// socket, read on its behalf.
/// </remarks>
internal sealed unsafe class NotifySocketReceiver
{
    /// <summary>systemd's limit for one notify datagram (NOTIFY_BUFFER_MAX = PIPE_BUF).</summary>
    public const int MaxDatagram = 4096;

    private const int MaxEventsPerWait = 256;

    /// <summary>
    /// After a busy wake-up the receiver waits this long before the next one, so datagrams that arrive
    /// spread over a second (a thousand instances' heartbeats) are read in batches of tens, not one
    /// wake-up of this thread and of the actors' threads each. It delays a READY=1 by at most this, and
    /// bounds what one instance can have read to one datagram per wake-up (50 a second).
    /// </summary>
    private const int CoalesceMilliseconds = 20;

    private const string Watchdog = "WATCHDOG=1";

    private static ReadOnlySpan<byte> WatchdogBytes => "WATCHDOG=1"u8;
    private const int ControlSize = 256;
    private static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    private static readonly Lazy<NotifySocketReceiver> Shared = new(() => new NotifySocketReceiver(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly int _epollFd;
    private readonly ConcurrentDictionary<ulong, Registration> _sockets = new();
    private long _nextToken;

    private NotifySocketReceiver()
    {
        _epollFd = LibC.EpollCreate1(LibC.EPOLL_CLOEXEC);
        if (_epollFd < 0)
        {
            throw new IOException($"notify receiver: epoll_create1 failed: {LibC.Describe(Marshal.GetLastPInvokeError())}.");
        }

        var thread = new Thread(Run)
        {
            IsBackground = true,
            Name = "actorwarden-notify-receiver",
        };
        thread.Start();
    }

    public static NotifySocketReceiver Instance => Shared.Value;

    /// <summary>Starts reading <paramref name="fd"/>; the returned registration closes it.</summary>
    public Registration Add(int fd, Action<NotifyDatagram> onDatagram)
    {
        var token = (ulong)Interlocked.Increment(ref _nextToken);
        var registration = new Registration(this, token, fd, onDatagram);
        _sockets[token] = registration;
        var evt = stackalloc byte[16];
        *(uint*)evt = LibC.EPOLLIN;
        *(ulong*)(evt + DataOffset) = token;
        if (LibC.EpollCtl(_epollFd, LibC.EPOLL_CTL_ADD, fd, evt) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            _sockets.TryRemove(token, out _);
            throw new IOException($"notify receiver: epoll_ctl failed: {LibC.Describe(errno)}.");
        }

        return registration;
    }

    private void Remove(Registration registration)
    {
        _sockets.TryRemove(registration.Token, out _);
        var evt = stackalloc byte[16];
        LibC.EpollCtl(_epollFd, LibC.EPOLL_CTL_DEL, registration.Fd, evt);
    }

    private void Run()
    {
        var events = (byte*)NativeMemory.Alloc((nuint)(EventSize * MaxEventsPerWait));
        var buffer = (byte*)NativeMemory.Alloc(MaxDatagram);
        var control = (byte*)NativeMemory.Alloc(ControlSize);
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

                Environment.FailFast($"actorwarden notify receiver: epoll_wait failed: {LibC.Describe(errno)}");
            }

            for (var i = 0; i < count; i++)
            {
                var token = *(ulong*)(events + (i * EventSize) + DataOffset);
                if (_sockets.TryGetValue(token, out var registration))
                {
                    registration.ReadNext(buffer, control);
                }
            }

            Thread.Sleep(CoalesceMilliseconds);
        }
    }

    /// <summary>One socket read by the receiver.</summary>
    internal sealed class Registration : IDisposable
    {
        private readonly NotifySocketReceiver _owner;
        private readonly Action<NotifyDatagram> _onDatagram;
        private readonly object _gate = new();
        private bool _closed;
        private int _expected;

        public Registration(NotifySocketReceiver owner, ulong token, int fd, Action<NotifyDatagram> onDatagram)
        {
            _owner = owner;
            Token = token;
            Fd = fd;
            _onDatagram = onDatagram;
        }

        public ulong Token { get; }

        public int Fd { get; }

        /// <summary>See <see cref="INotifyChannel.ExpectSender"/>; written by the instance's actor, read by the receiver.</summary>
        public void ExpectSender(int pid) => Volatile.Write(ref _expected, pid);

        public void Dispose()
        {
            lock (_gate)
            {
                if (_closed)
                {
                    return;
                }

                _closed = true;
                _owner.Remove(this);
                LibC.Close(Fd);
            }
        }

        /// <summary>Reads the next queued datagram, if any (the socket is non-blocking).</summary>
        public void ReadNext(byte* buffer, byte* control)
        {
            lock (_gate)
            {
                if (!_closed && ReadOne(buffer, control) is { } datagram)
                {
                    try
                    {
                        _onDatagram(datagram);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        // A callback only hands the datagram to an actor; one that throws loses this datagram, not the receiver.
                    }
                }
            }
        }

        private NotifyDatagram? ReadOne(byte* buffer, byte* control)
        {
            var iov = new LibC.IoVec { Base = buffer, Length = MaxDatagram };
            var header = new LibC.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlSize };
            var read = LibC.RecvMsg(Fd, &header, LibC.MSG_DONTWAIT | LibC.MSG_CMSG_CLOEXEC);
            if (read < 0)
            {
                // EAGAIN: nothing queued (another wake-up may have read it). Anything else: nothing to read now.
                return null;
            }

            var sender = ReadControl(control, (int)header.ControlLength, Volatile.Read(ref _expected));
            var truncated = (header.Flags & (LibC.MSG_TRUNC | LibC.MSG_CTRUNC)) != 0;
            var bytes = new ReadOnlySpan<byte>(buffer, (int)Math.Min(read, MaxDatagram));
            var payload = bytes.SequenceEqual(WatchdogBytes) ? Watchdog : Encoding.UTF8.GetString(bytes);
            return new NotifyDatagram(payload, sender, truncated);
        }

        private static NotifySender? ReadControl(byte* control, int length, int expected)
        {
            NotifySender? sender = null;
            var offset = 0;
            while (offset + LibC.CmsgHeaderSize <= length)
            {
                var cmsg = (LibC.CmsgHdr*)(control + offset);
                var cmsgLength = (int)cmsg->Length;
                if (cmsgLength < LibC.CmsgHeaderSize || offset + cmsgLength > length)
                {
                    break;
                }

                var data = control + offset + LibC.CmsgHeaderSize;
                if (cmsg->Level == LibC.SOL_SOCKET && cmsg->Type == LibC.SCM_CREDENTIALS && cmsgLength >= LibC.CmsgHeaderSize + 12)
                {
                    var pid = *(int*)data;
                    var stat = pid == expected ? null : ProcFs.ReadStat(pid);
                    sender = new NotifySender(pid, *(int*)(data + 4), *(int*)(data + 8), stat?.ParentPid, stat?.Session);
                }
                else if (cmsg->Level == LibC.SOL_SOCKET && cmsg->Type == LibC.SCM_RIGHTS)
                {
                    // File descriptors passed along (sd_pid_notify_with_fds, FDSTORE=1) are not kept: close them.
                    for (var p = data; p + sizeof(int) <= control + offset + cmsgLength; p += sizeof(int))
                    {
                        LibC.Close(*(int*)p);
                    }
                }

                offset += LibC.CmsgAlign(cmsgLength);
            }

            return sender;
        }
    }
}
