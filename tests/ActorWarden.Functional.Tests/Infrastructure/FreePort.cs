using System.Net;
using System.Net.Sockets;

namespace ActorWarden.Functional.Tests.Infrastructure;

/// <summary>Picks a loopback port nobody listens on, so parallel tests never fight over the API port.</summary>
public static class FreePort
{
    private static readonly HashSet<int> HandedOut = new();

    /// <summary>
    /// A port the kernel had free, never one this test run handed out before. The port is released until
    /// the warden binds it, and the kernel's next pick is random, not "unused since": of 1,000 picks in a
    /// row 40 repeated an earlier one, so two callers here (a cluster's six ports, a server's port and its
    /// warden's) could be handed the same port and the second to bind it would fail.
    /// </summary>
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
