using System.Net.Sockets;
using System.Text;
using ActorWarden.Host.Platform;

namespace ActorWarden.Host.Systemd;

/// <summary>
/// The sd_notify protocol without libsystemd: one datagram per message to the unix datagram socket
/// systemd names in <c>NOTIFY_SOCKET</c>. A leading <c>@</c> means the Linux abstract namespace.
/// </summary>
public sealed class SystemdNotifier : ISystemdNotifier, IDisposable
{
    private readonly Socket _socket;
    private readonly UnixDomainSocketEndPoint _endPoint;
    private readonly object _sendLock = new();

    public SystemdNotifier(string socketPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        if (socketPath[0] != '/' && socketPath[0] != '@')
        {
            throw new ArgumentException($"NOTIFY_SOCKET '{socketPath}' is neither an absolute path nor an abstract socket (@name)", nameof(socketPath));
        }

        SocketPath = socketPath;
        _endPoint = new UnixDomainSocketEndPoint(socketPath[0] == '@' ? "\0" + socketPath[1..] : socketPath);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    public string SocketPath { get; }

    /// <summary>The notifier systemd asked for, or null when <c>NOTIFY_SOCKET</c> is unset.</summary>
    public static SystemdNotifier? FromEnvironment(IHostPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var path = platform.GetEnvironmentVariable("NOTIFY_SOCKET");
        return string.IsNullOrEmpty(path) ? null : new SystemdNotifier(path);
    }

    public bool Notify(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var bytes = Encoding.UTF8.GetBytes(state);
        lock (_sendLock)
        {
            try
            {
                return _socket.SendTo(bytes, SocketFlags.None, _endPoint) == bytes.Length;
            }
            catch (SocketException)
            {
                return false;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }

    public void Dispose()
    {
        lock (_sendLock)
        {
            _socket.Dispose();
        }
    }
}
