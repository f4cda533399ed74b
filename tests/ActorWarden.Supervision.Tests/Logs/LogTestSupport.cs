using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Net;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using Serilog.Core;
using Serilog.Events;

namespace ActorWarden.Supervision.Tests.Logs;

/// <summary>Collects published events for assertions.</summary>
internal sealed class RecordingPublisher : IEventPublisher
{
    public ConcurrentQueue<WardenEvent> Events { get; } = new();

    public void Publish(WardenEvent @event) => Events.Enqueue(@event);

    public IEnumerable<WardenEvent> Named(string name) => Events.Where(e => e.Event == name);
}

/// <summary>Collects Serilog events for assertions.</summary>
internal sealed class RecordingSink : ILogEventSink
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
}

/// <summary>A connected loopback TCP pair: the test writes into <see cref="Writer"/> as a child writes into its pipe.</summary>
internal sealed class StreamPair : IDisposable
{
    private StreamPair(NetworkStream writer, NetworkStream reader)
    {
        Writer = writer;
        Reader = reader;
    }

    public NetworkStream Writer { get; }

    public NetworkStream Reader { get; }

    public static async Task<StreamPair> CreateAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accept = listener.AcceptSocketAsync();
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        var server = await accept;
        return new StreamPair(new NetworkStream(client, ownsSocket: true), new NetworkStream(server, ownsSocket: true));
    }

    /// <summary>EOF for the reader, as when the child's write end closes.</summary>
    public void CloseWriter() => Writer.Socket.Shutdown(SocketShutdown.Send);

    public void Dispose()
    {
        Writer.Dispose();
        Reader.Dispose();
    }
}

/// <summary>
/// Loopback ports for the syslog collectors these tests start, below the kernel's ephemeral range. A port
/// the kernel hands out for bind(0) comes from that range, and between the pick and the collector's own
/// bind any outgoing connection on the machine (the parallel suites make thousands) may take it as its
/// source port; a port below the range is never picked that way.
/// </summary>
internal static class Ports
{
    private const int Span = 10_000;

    public static int FreePort(SocketType type, ProtocolType protocol)
    {
        var low = EphemeralLow();
        while (true)
        {
            var port = Random.Shared.Next(Math.Max(1024, low - Span), low);
            using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // In use: pick another.
            }
        }
    }

    private static int EphemeralLow()
    {
        var range = File.Exists("/proc/sys/net/ipv4/ip_local_port_range") ? File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range") : "";
        return int.TryParse(range.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(), out var low) && low > 1024 + Span ? low : 32768;
    }
}
