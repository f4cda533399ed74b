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

/// <summary>Loopback ports for the syslog collectors these tests start.</summary>
internal static class Ports
{
    public static int FreePort(SocketType type, ProtocolType protocol)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
