using System.Net;
using System.Net.Sockets;

namespace ActorWarden.Functional.Tests.Infrastructure;

/// <summary>Picks a loopback port nobody listens on, so parallel tests never fight over the API port.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
