using System.Net.Sockets;

namespace ActorWarden.Supervision.Health;

/// <summary>
/// Passes when a TCP connection to host:port is accepted, then closes it at once. The cheapest check for
/// servers without an HTTP endpoint (databases, brokers): it proves the process listens, nothing more.
/// </summary>
internal sealed class TcpHealthProbe : IHealthProbe
{
    private readonly string _host;
    private readonly int _port;

    public TcpHealthProbe(string host, int port)
    {
        _host = host;
        _port = port;
    }

    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_host, _port, cancellationToken).ConfigureAwait(false);
            return ProbeResult.Pass($"connected to {_host}:{_port}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Fail($"connect to {_host}:{_port} cancelled (timeout)");
        }
        catch (SocketException e)
        {
            return ProbeResult.Fail($"connect to {_host}:{_port} failed: {e.Message}");
        }
    }
}
