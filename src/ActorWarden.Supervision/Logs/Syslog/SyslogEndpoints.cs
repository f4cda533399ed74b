using System.Net;
using System.Net.Sockets;

namespace ActorWarden.Supervision.Logs.Syslog;

/// <summary>Name resolution for syslog targets, redone on every reconnect so a collector that moves is followed.</summary>
internal static class SyslogEndpoints
{
    public static async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return literal;
        }

        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
    }
}
