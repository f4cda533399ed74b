using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using ActorWarden.Processes.Notify;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// Notify sockets on Linux: one unix datagram socket per instance, <c>DIRECTORY/INSTANCE.sock</c>,
/// mode 0600 (owned by the service's user when it runs as another one), with SO_PASSCRED so every
/// datagram carries the sender's kernel-checked pid. All sockets are read by the one
/// <see cref="NotifySocketReceiver"/> thread.
/// </summary>
/// <remarks>
/// The directory is 0711: the service's user can reach its own socket by name, nobody can list the
/// folder. A socket is bound under a random temporary name, given its mode and owner, and only then
/// renamed into place, so there is no moment at which the known name accepts a sender it should not.
/// </remarks>
internal sealed unsafe class LinuxNotifyChannels : INotifyChannels
{
    private const UnixFileMode DirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly string _directory;

    // The last channel opened on each path: a channel closed after a successor took over its path
    // (an instance actor replaced by a reload) must not remove the successor's socket file.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Channel> _owners = new(StringComparer.Ordinal);

    public LinuxNotifyChannels(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _directory = Path.GetFullPath(directory);
    }

    /// <inheritdoc />
    public INotifyChannel Open(string name, string? owner, Action<NotifyDatagram> onDatagram)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(onDatagram);
        var path = Path.Combine(_directory, SafeFileName(name) + ".sock");
        var staging = Path.Combine(_directory, "." + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)) + ".sock");
        if (Encoding.UTF8.GetByteCount(staging) >= LibC.UnixPathMax || Encoding.UTF8.GetByteCount(path) >= LibC.UnixPathMax)
        {
            throw new IOException($"notify socket path '{path}' is longer than the {LibC.UnixPathMax - 1} bytes a unix socket address holds; use a shorter state-file folder.");
        }

        PrepareDirectory();
        var fd = LibC.Socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw Failure("socket", path);
        }

        try
        {
            var on = 1;
            if (LibC.SetSockOpt(fd, LibC.SOL_SOCKET, LibC.SO_PASSCRED, &on, sizeof(int)) != 0)
            {
                throw Failure("setsockopt(SO_PASSCRED)", path);
            }

            Bind(fd, staging);
            if (LibC.Chmod(staging, 0x180) != 0)
            {
                throw Failure("chmod 0600", staging);
            }

            if (!string.IsNullOrEmpty(owner) && LibC.GetEuid() == 0)
            {
                var (uid, gid) = RunAsIdentity.ResolveUser(path, owner);
                if (LibC.Chown(staging, uid, gid) != 0)
                {
                    throw Failure("chown", staging);
                }
            }

            File.Move(staging, path, overwrite: true);
            var channel = new Channel(this, path, NotifySocketReceiver.Instance.Add(fd, onDatagram));
            _owners[path] = channel;
            return channel;
        }
        catch
        {
            LibC.Close(fd);
            LibC.Unlink(staging);
            throw;
        }
    }

    private void PrepareDirectory()
    {
        if (Directory.Exists(_directory))
        {
            File.SetUnixFileMode(_directory, DirectoryMode);
        }
        else
        {
            Directory.CreateDirectory(_directory, DirectoryMode);
        }
    }

    private static void Bind(int fd, string path)
    {
        // struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; }
        var address = stackalloc byte[2 + LibC.UnixPathMax];
        new Span<byte>(address, 2 + LibC.UnixPathMax).Clear();
        *(ushort*)address = LibC.AF_UNIX;
        var length = Encoding.UTF8.GetBytes(path, new Span<byte>(address + 2, LibC.UnixPathMax - 1));
        if (LibC.Bind(fd, address, (uint)(2 + length + 1)) != 0)
        {
            throw Failure("bind", path);
        }
    }

    /// <summary>Instance names are config keys; anything but letters, digits, '-' and '_' becomes '_' so a name never leaves the folder.</summary>
    private static string SafeFileName(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray();
        return new string(chars);
    }

    private static IOException Failure(string call, string path) =>
        new($"notify socket '{path}': {call} failed: {LibC.Describe(Marshal.GetLastPInvokeError())}.");

    private sealed class Channel(LinuxNotifyChannels owner, string path, NotifySocketReceiver.Registration registration) : INotifyChannel
    {
        public string Address => path;

        public void ExpectSender(int pid) => registration.ExpectSender(pid);

        public void Dispose()
        {
            registration.Dispose();
            if (owner._owners.TryRemove(new KeyValuePair<string, Channel>(path, this)))
            {
                LibC.Unlink(path);
            }
        }
    }
}
