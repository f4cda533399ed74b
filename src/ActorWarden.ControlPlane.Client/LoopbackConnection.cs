using System.Net;
using System.Net.Sockets;

namespace ActorWarden.ControlPlane.Client;

/// <summary>
/// The byte stream under <see cref="LoopbackHttpGet"/>: connect, send, wait for data, receive. On
/// Linux it is libc's socket calls (<see cref="LibCLoopbackConnection"/>): a <see cref="Socket"/>
/// starts the runtime's socket engine (an epoll thread) and loads System.Net.Sockets with its
/// telemetry, the thread pool and System.Diagnostics.DiagnosticSource, which a `warden status`
/// process paid for one request. Elsewhere it is a plain blocking <see cref="Socket"/>.
/// Failures are <see cref="SocketException"/> (refused, reset, timed out) or <see cref="IOException"/>.
/// </summary>
internal abstract class LoopbackConnection : IDisposable
{
    public static LoopbackConnection Open(LoopbackEndpoint endpoint) =>
        OperatingSystem.IsLinux() ? LibCLoopbackConnection.Open(endpoint) : SocketLoopbackConnection.Open(endpoint);

    /// <summary>Sends all of <paramref name="data"/>.</summary>
    public abstract void Send(ReadOnlySpan<byte> data);

    /// <summary>True once data (or the end of the stream) can be read, false when <paramref name="timeout"/> passed first.</summary>
    public abstract bool WaitReadable(TimeSpan timeout);

    /// <summary>Reads what has arrived into <paramref name="buffer"/>; 0 at the end of the stream.</summary>
    public abstract int Receive(Span<byte> buffer);

    public abstract void Dispose();
}

/// <summary>The portable <see cref="LoopbackConnection"/>: a blocking <see cref="Socket"/>.</summary>
internal sealed class SocketLoopbackConnection : LoopbackConnection
{
    private readonly Socket _socket;

    private SocketLoopbackConnection(Socket socket) => _socket = socket;

    public static new SocketLoopbackConnection Open(LoopbackEndpoint endpoint)
    {
        var address = new IPAddress(endpoint.Address);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Connect(new IPEndPoint(address, endpoint.Port));
            return new SocketLoopbackConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public override void Send(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            data = data[_socket.Send(data)..];
        }
    }

    public override bool WaitReadable(TimeSpan timeout) => _socket.Poll(timeout, SelectMode.SelectRead);

    public override int Receive(Span<byte> buffer) => _socket.Receive(buffer);

    public override void Dispose() => _socket.Dispose();
}
