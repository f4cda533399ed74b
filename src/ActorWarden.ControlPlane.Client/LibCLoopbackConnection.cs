using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ActorWarden.ControlPlane.Client;

/// <summary>
/// <see cref="LoopbackConnection"/> through libc on Linux: socket, connect, send, poll, recv, close.
/// The calls are blittable, so they cost no marshalling; an interrupted call (EINTR, e.g. the
/// runtime's own signals) is made again.
/// </summary>
internal sealed unsafe partial class LibCLoopbackConnection : LoopbackConnection
{
    private const string Lib = "libc";
    private const int AF_INET = 2;
    private const int AF_INET6 = 10;
    private const int SOCK_STREAM = 1;
    private const int SOCK_CLOEXEC = 0x80000;
    private const int IPPROTO_TCP = 6;
    private const int SOL_SOCKET = 1;
    private const int SO_ERROR = 4;
    private const int TCP_NODELAY = 1;
    private const int MSG_NOSIGNAL = 0x4000;
    private const short POLLIN = 0x001;
    private const short POLLOUT = 0x004;
    private const int EINTR = 4;
    private const int EINPROGRESS = 115;
    private const int ECONNRESET = 104;
    private const int ETIMEDOUT = 110;
    private const int ECONNREFUSED = 111;
    private const int EPIPE = 32;

    private int _fd;

    private LibCLoopbackConnection(int fd) => _fd = fd;

    public static new LibCLoopbackConnection Open(LoopbackEndpoint endpoint)
    {
        var family = endpoint.IsIPv6 ? AF_INET6 : AF_INET;
        var fd = Socket(family, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
        if (fd < 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), "socket");
        }

        var connection = new LibCLoopbackConnection(fd);
        try
        {
            var one = 1;
            SetSockOpt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(int));
            connection.Connect(endpoint, family);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public override void Send(ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            var sent = 0;
            while (sent < data.Length)
            {
                var n = SendBytes(_fd, start + sent, (nuint)(data.Length - sent), MSG_NOSIGNAL);
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno != EINTR)
                    {
                        throw Failure(errno, "send");
                    }

                    continue;
                }

                sent += (int)n;
            }
        }
    }

    public override bool WaitReadable(TimeSpan timeout) => Wait(POLLIN, timeout);

    public override int Receive(Span<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            while (true)
            {
                var n = Recv(_fd, start, (nuint)buffer.Length, 0);
                if (n >= 0)
                {
                    return (int)n;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != EINTR)
                {
                    throw Failure(errno, "recv");
                }
            }
        }
    }

    public override void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            Close(fd);
        }
    }

    private void Connect(LoopbackEndpoint endpoint, int family)
    {
        // struct sockaddr_in (16 bytes) or sockaddr_in6 (28 bytes), the port in network order.
        var address = stackalloc byte[28];
        new Span<byte>(address, 28).Clear();
        *(ushort*)address = (ushort)family;
        address[2] = (byte)(endpoint.Port >> 8);
        address[3] = (byte)endpoint.Port;
        int length;
        if (family == AF_INET6)
        {
            endpoint.Address.CopyTo(new Span<byte>(address + 8, 16));
            length = 28;
        }
        else
        {
            endpoint.Address.CopyTo(new Span<byte>(address + 4, 4));
            length = 16;
        }

        if (ConnectTo(_fd, address, (uint)length) == 0)
        {
            return;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno is not (EINTR or EINPROGRESS))
        {
            throw Failure(errno, "connect");
        }

        // An interrupted connect goes on in the kernel: wait for it, then ask how it ended.
        Wait(POLLOUT, Timeout.InfiniteTimeSpan);
        int error;
        var size = (uint)sizeof(int);
        if (GetSockOpt(_fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0)
        {
            throw Failure(Marshal.GetLastPInvokeError(), "connect");
        }

        if (error != 0)
        {
            throw Failure(error, "connect");
        }
    }

    private bool Wait(short events, TimeSpan timeout)
    {
        var deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            var remaining = deadline == long.MaxValue ? -1 : (int)Math.Clamp(deadline - Environment.TickCount64, 0, int.MaxValue);
            var poll = new PollFd { Fd = _fd, Events = events };
            var ready = Poll(&poll, 1, remaining);
            if (ready > 0)
            {
                return true;
            }

            if (ready == 0)
            {
                return false;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != EINTR)
            {
                throw Failure(errno, "poll");
            }
        }
    }

    /// <summary>The errors an operator can act on as the socket names them; any other as the system's text.</summary>
    private static Exception Failure(int errno, string call) => errno switch
    {
        ECONNREFUSED => new SocketException((int)SocketError.ConnectionRefused),
        ECONNRESET or EPIPE => new SocketException((int)SocketError.ConnectionReset),
        ETIMEDOUT => new SocketException((int)SocketError.TimedOut),
        _ => new IOException($"{call}: {Marshal.GetPInvokeErrorMessage(errno)}"),
    };

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport(Lib, EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Lib, EntryPoint = "connect", SetLastError = true)]
    private static partial int ConnectTo(int fd, byte* address, uint length);

    [LibraryImport(Lib, EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSockOpt(int fd, int level, int name, int* value, uint length);

    [LibraryImport(Lib, EntryPoint = "getsockopt", SetLastError = true)]
    private static partial int GetSockOpt(int fd, int level, int name, int* value, uint* length);

    [LibraryImport(Lib, EntryPoint = "send", SetLastError = true)]
    private static partial nint SendBytes(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport(Lib, EntryPoint = "recv", SetLastError = true)]
    private static partial nint Recv(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport(Lib, EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(PollFd* fds, nuint count, int timeout);

    [LibraryImport(Lib, EntryPoint = "close")]
    private static partial int Close(int fd);
}
