using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using ActorWarden.Processes.Notify;

namespace ActorWarden.Processes.Windows;

/// <summary>
/// Notify channels on Windows, where there are no unix datagram sockets to hand a child: one
/// message-mode named pipe per instance, <c>\\.\pipe\actorwarden-HASH-INSTANCE</c>, its name in
/// NOTIFY_SOCKET. A client connects, writes one message per datagram (the same KEY=VALUE text) and
/// disconnects, or keeps the connection for its heartbeats. Only the warden's own user may connect
/// (<see cref="PipeOptions.CurrentUserOnly"/>, the counterpart of mode 0600), the sender's pid comes
/// from GetNamedPipeClientProcessId, and each pipe is served by an asynchronous loop on the thread
/// pool, never a thread of its own.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed partial class WindowsNotifyChannels : INotifyChannels
{
    private readonly string _prefix;

    public WindowsNotifyChannels(string directory)
    {
        // Pipes live in one machine-wide namespace: the hash of the state folder keeps two wardens apart.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(directory).ToUpperInvariant()));
        _prefix = "actorwarden-" + Convert.ToHexString(hash, 0, 6).ToLowerInvariant() + "-";
    }

    /// <inheritdoc />
    public INotifyChannel Open(string name, string? owner, Action<NotifyDatagram> onDatagram)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(onDatagram);
        var pipeName = _prefix + new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        var channel = new PipeChannel(pipeName, onDatagram);
        channel.Start();
        return channel;
    }

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetNamedPipeClientProcessId(nint pipe, out uint clientProcessId);

    private sealed class PipeChannel(string pipeName, Action<NotifyDatagram> onDatagram) : INotifyChannel
    {
        private readonly CancellationTokenSource _closed = new();

        public string Address => @"\\.\pipe\" + pipeName;

        // The pipe's client pid comes from the kernel and needs no /proc lookup: nothing to skip.
        public void ExpectSender(int pid)
        {
        }

        public void Start() => _ = ServeAsync(_closed.Token);

        public void Dispose()
        {
            _closed.Cancel();
            _closed.Dispose();
        }

        private async Task ServeAsync(CancellationToken closed)
        {
            var buffer = new byte[4096];
            while (!closed.IsCancellationRequested)
            {
                try
                {
                    await using var pipe = new NamedPipeServerStream(
                        pipeName, PipeDirection.In, 1, PipeTransmissionMode.Message, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
                    await pipe.WaitForConnectionAsync(closed).ConfigureAwait(false);
                    var pid = GetNamedPipeClientProcessId(pipe.SafePipeHandle.DangerousGetHandle(), out var client) ? (int)client : (int?)null;
                    await ReadMessagesAsync(pipe, pid, buffer, closed).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (IOException)
                {
                    // A client that vanished mid-message: serve the next one.
                }
            }
        }

        private async Task ReadMessagesAsync(NamedPipeServerStream pipe, int? pid, byte[] buffer, CancellationToken closed)
        {
            while (pipe.IsConnected)
            {
                var message = new MemoryStream();
                int read;
                do
                {
                    read = await pipe.ReadAsync(buffer, closed).ConfigureAwait(false);
                    message.Write(buffer, 0, read);
                }
                while (read > 0 && !pipe.IsMessageComplete && message.Length <= buffer.Length);

                if (message.Length == 0)
                {
                    return;
                }

                var truncated = !pipe.IsMessageComplete;
                var sender = pid is { } p ? new NotifySender(p, 0, 0, null, null) : null;
                onDatagram(new NotifyDatagram(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)Math.Min(message.Length, buffer.Length)), sender, truncated));
            }
        }
    }
}
