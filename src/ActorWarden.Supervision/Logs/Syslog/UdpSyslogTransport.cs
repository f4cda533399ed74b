using System.Net;
using System.Net.Sockets;

namespace ActorWarden.Supervision.Logs.Syslog;

/// <summary>
/// RFC 5426: one datagram per message from an unconnected socket, so an absent collector (ICMP port
/// unreachable) costs nothing and never turns into an error on the next send.
/// </summary>
internal sealed class UdpSyslogTransport : ISyslogTransport
{
    /// <summary>RFC 5426 §3.2: receivers SHOULD accept 2048 octets; larger datagrams risk fragmentation loss.</summary>
    public const int MaxDatagramBytes = 2048;

    private readonly string _host;
    private readonly int _port;
    private Socket? _socket;
    private IPEndPoint? _endpoint;

    public UdpSyslogTransport(string host, int port)
    {
        _host = host;
        _port = port;
    }

    public string Target => $"udp://{_host}:{_port}";

    public bool IsConnected => _socket is not null;

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var address = await SyslogEndpoints.ResolveAsync(_host, cancellationToken).ConfigureAwait(false);
        _endpoint = new IPEndPoint(address, _port);
        _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _socket!.SendToAsync(message, SocketFlags.None, _endpoint!, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask ResetAsync()
    {
        _socket?.Dispose();
        _socket = null;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ResetAsync();
}
