using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using ActorWarden.Processes.Notify;
using ActorWarden.Processes.Tests.Support;

namespace ActorWarden.Processes.Tests.Notify;

/// <summary>The Linux notify sockets: modes, kernel credentials, the expected-pid shortcut, fds passed along, the socket file's lifetime.</summary>
public sealed class LinuxNotifyChannelsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aw-notify-").FullName;
    private readonly ConcurrentQueue<NotifyDatagram> _received = new();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string SocketFolder => Path.Combine(_folder, "notify");

    private INotifyChannel Open(string name = "web-1") =>
        NotifyChannels.ForCurrentOs(SocketFolder).Open(name, null, _received.Enqueue);

    private static void Send(string path, string payload)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.SendTo(Encoding.UTF8.GetBytes(payload), new UnixDomainSocketEndPoint(path));
    }

    private async Task<NotifyDatagram> Next()
    {
        NotifyDatagram? datagram = null;
        await Await.Until(() => _received.TryDequeue(out datagram), "a datagram");
        return datagram!;
    }

    [Fact]
    public void The_socket_is_0600_in_a_folder_nobody_else_can_list()
    {
        using var channel = Open();

        channel.Address.Should().Be(Path.Combine(SocketFolder, "web-1.sock"));
        File.GetUnixFileMode(channel.Address).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(SocketFolder).Should().Be(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        Directory.GetFiles(SocketFolder).Should().Equal(channel.Address);
    }

    [Fact]
    public async Task A_datagram_carries_the_kernel_checked_pid_and_uid_and_the_senders_parent_and_session()
    {
        using var channel = Open();

        Send(channel.Address, "READY=1\nSTATUS=up");

        var datagram = await Next();
        datagram.Payload.Should().Be("READY=1\nSTATUS=up");
        datagram.Truncated.Should().BeFalse();
        datagram.Sender!.Pid.Should().Be(Environment.ProcessId);
        datagram.Sender.Uid.Should().Be((int)ActorWarden.Processes.Linux.LibC.GetEuid());
        datagram.Sender.ParentPid.Should().Be(ParentOf(Environment.ProcessId));
        datagram.Sender.Session.Should().NotBeNull();
    }

    [Fact]
    public async Task The_expected_pid_is_handed_on_without_reading_proc()
    {
        using var channel = Open();
        channel.ExpectSender(Environment.ProcessId);

        Send(channel.Address, "WATCHDOG=1");

        var datagram = await Next();
        datagram.Payload.Should().Be("WATCHDOG=1");
        datagram.Sender.Should().Be(new NotifySender(Environment.ProcessId, (int)ActorWarden.Processes.Linux.LibC.GetEuid(), datagram.Sender!.Gid, null, null));
    }

    [Fact]
    public async Task File_descriptors_passed_along_are_closed_at_once()
    {
        using var channel = Open();
        // Counting the process's descriptors raced whatever else the test host opened meanwhile (one CI run
        // found 2 more); only the passed descriptors can point at this file.
        var passed = Path.Combine(_folder, "passed-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(passed, "");
        var script = "import os, socket, sys\n"
            + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
            + "fds = [os.open(sys.argv[2], os.O_RDONLY) for _ in range(5)]\n"
            + "s.connect(sys.argv[1])\n"
            + "socket.send_fds(s, [b'FDSTORE=1'], fds)\n";
        await RunPython(script, channel.Address, passed);

        (await Next()).Payload.Should().Be("FDSTORE=1");
        OpenDescriptorsTo(passed).Should().Be(0, "the five descriptors were closed by the receiver");
    }

    /// <summary>How many of this process's descriptors are open on <paramref name="path"/>.</summary>
    private static int OpenDescriptorsTo(string path)
    {
        var count = 0;
        foreach (var fd in Directory.GetFiles("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget == path)
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // Closed while listed.
            }
        }

        return count;
    }

    [Fact]
    public async Task Closing_removes_the_socket_but_a_late_close_of_an_old_channel_spares_its_successor()
    {
        var channels = NotifyChannels.ForCurrentOs(SocketFolder);
        var old = channels.Open("web-1", null, _ => { });
        var successor = channels.Open("web-1", null, _received.Enqueue);

        old.Dispose();

        File.Exists(successor.Address).Should().BeTrue();
        Send(successor.Address, "READY=1");
        (await Next()).Payload.Should().Be("READY=1");
        successor.Dispose();
        File.Exists(successor.Address).Should().BeFalse();
    }

    [Fact]
    public void A_path_too_long_for_a_socket_address_is_one_clear_error()
    {
        var deep = Path.Combine(_folder, new string('d', 90));
        var act = () => NotifyChannels.ForCurrentOs(deep).Open("web-1", null, _ => { });

        act.Should().Throw<IOException>().WithMessage("*is longer than the 107 bytes a unix socket address holds*");
    }

    /// <summary>Runs a Python snippet to its end; the first run also opens what the runtime keeps open for child processes.</summary>
    private static async Task RunPython(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("python3") { ArgumentList = { "-c", script } };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var python = Process.Start(start)!;
        await python.WaitForExitAsync().WaitAsync(Await.Timeout);
        python.ExitCode.Should().Be(0);
    }

    private static int ParentOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
