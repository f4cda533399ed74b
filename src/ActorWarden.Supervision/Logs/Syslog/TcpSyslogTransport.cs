using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorWarden.Supervision.Logs.Syslog;

/// <summary>
/// RFC 6587 octet-counting framing (<c>LEN SP MSG</c>), which, unlike newline framing, survives any
/// byte in the message. Frames are buffered and flushed when the queue runs empty, so a burst costs a
/// few large writes instead of one syscall per line.
/// </summary>
internal sealed class TcpSyslogTransport : ISyslogTransport
{
    private readonly string _host;
    private readonly int _port;
    private readonly byte[] _lengthPrefix = new byte[16];
    private Socket? _socket;
    private BufferedStream? _stream;

    public TcpSyslogTransport(string host, int port)
    {
        _host = host;
        _port = port;
    }

    public string Target => $"tcp://{_host}:{_port}";

    public bool IsConnected => _stream is not null;

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var address = await SyslogEndpoints.ResolveAsync(_host, cancellationToken).ConfigureAwait(false);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, _port), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        _stream = new BufferedStream(new NetworkStream(socket, ownsSocket: true), 64 * 1024);
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var prefixLength = Encoding.ASCII.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{message.Length} "), _lengthPrefix);
        await _stream!.WriteAsync(_lengthPrefix.AsMemory(0, prefixLength), cancellationToken).ConfigureAwait(false);
        await _stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_stream is not null)
        {
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask ResetAsync()
    {
        var socket = _socket;
        _socket = null;
        _stream = null;
        socket?.Dispose();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ResetAsync();
}
