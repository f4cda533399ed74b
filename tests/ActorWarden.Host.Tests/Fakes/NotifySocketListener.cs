using System.Net.Sockets;
using System.Text;

namespace ActorWarden.Host.Tests.Fakes;

/// <summary>
/// Plays systemd's side of sd_notify: a unix datagram socket bound in a private temp folder (or in
/// the abstract namespace) whose messages the test reads in order.
/// </summary>
public sealed class NotifySocketListener : IDisposable
{
    private readonly Socket _socket;
    private readonly string? _directory;

    private NotifySocketListener(Socket socket, string address, string? directory)
    {
        _socket = socket;
        Address = address;
        _directory = directory;
    }

    /// <summary>The value for NOTIFY_SOCKET.</summary>
    public string Address { get; }

    public static NotifySocketListener InTempDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "aw-notify-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "notify.sock");
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return new NotifySocketListener(socket, path, directory);
    }

    public static NotifySocketListener InAbstractNamespace()
    {
        var name = "aw-notify-" + Guid.NewGuid().ToString("N");
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint("\0" + name));
        return new NotifySocketListener(socket, "@" + name, null);
    }

    public async Task<string> ReceiveAsync(TimeSpan? timeout = null)
    {
        var buffer = new byte[4096];
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            var count = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellation.Token);
            return Encoding.UTF8.GetString(buffer, 0, count);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("no sd_notify message arrived at " + Address);
        }
    }

    /// <summary>Reads messages until one satisfies <paramref name="last"/>; returns all of them in order.</summary>
    public async Task<IReadOnlyList<string>> ReceiveUntilAsync(Func<string, bool> last)
    {
        var messages = new List<string>();
        while (true)
        {
            var message = await ReceiveAsync();
            messages.Add(message);
            if (last(message))
            {
                return messages;
            }
        }
    }

    /// <summary>True when nothing arrives within <paramref name="quietPeriod"/>.</summary>
    public bool IsQuiet(TimeSpan quietPeriod) => !_socket.Poll(quietPeriod, SelectMode.SelectRead);

    public void Dispose()
    {
        _socket.Dispose();
        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
