using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Logs;
using ActorWarden.Config;

namespace ActorWarden.Supervision.Tests.Logs;

/// <summary>Syslog shipping against a real rsyslogd, and against collectors that are not there.</summary>
public sealed class SyslogShippingTests : IDisposable
{
    private static readonly LogShipperTuning FastTuning = LogShipperTuning.Default with
    {
        DropReportInterval = TimeSpan.FromMilliseconds(100),
        SyslogBackoffMin = TimeSpan.FromMilliseconds(20),
        SyslogBackoffMax = TimeSpan.FromMilliseconds(200),
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("aw-syslog-").FullName;
    private readonly ActorSystem _system = ActorSystem.Create("syslog");
    private readonly RecordingPublisher _events = new();

    public void Dispose()
    {
        _system.Terminate().Wait(TimeSpan.FromSeconds(10)).Should().BeTrue();
        Directory.Delete(_folder, recursive: true);
    }

    private LogSpec Spec(SyslogSpec syslog) => new() { Directory = Path.Combine(_folder, "logs"), Syslog = syslog };

    private void Attach(LogSpec spec, StreamPair? stdout, StreamPair? stderr, int pid = 77) =>
        _system.ActorOf(LogShipperActor.Props(spec, "web", "web-1", Serilog.Core.Logger.None, _events, FastTuning))
            .Tell(new AttachOutput(pid, stdout?.Reader, stderr?.Reader));

    private static Task WriteAsync(StreamPair pair, string text) => pair.Writer.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

    private long Dropped(string reason) =>
        _events.Named("logs-dropped").Where(e => (string?)e.Fields["reason"] == reason).Sum(e => (long)e.Fields["dropped"]!);

    [Fact]
    public async Task Udp_messages_reach_rsyslog_with_pri_app_name_procid_and_msgid()
    {
        using var rsyslog = await RsyslogDaemon.StartAsync();
        using var stdout = await StreamPair.CreateAsync();
        using var stderr = await StreamPair.CreateAsync();
        Attach(Spec(new SyslogSpec { Host = "127.0.0.1", Port = rsyslog.UdpPort, Protocol = SyslogProtocol.Udp, Facility = "local4" }), stdout, stderr);

        await WriteAsync(stdout, "hello over udp\n");
        await WriteAsync(stderr, "trouble over udp\n");

        await Eventually.True(() => rsyslog.Received().Count(l => l.Contains("over udp", StringComparison.Ordinal)) == 2, "both lines reach rsyslog");
        rsyslog.Received().Should().Contain("166 web-1 77 stdout hello over udp").And.Contain("163 web-1 77 stderr trouble over udp");
    }

    [Fact]
    public async Task Tcp_messages_reach_rsyslog_octet_counted_in_order()
    {
        using var rsyslog = await RsyslogDaemon.StartAsync();
        using var stdout = await StreamPair.CreateAsync();
        using var stderr = await StreamPair.CreateAsync();
        Attach(Spec(new SyslogSpec { Host = "127.0.0.1", Port = rsyslog.TcpPort, Protocol = SyslogProtocol.Tcp, Facility = "user", AppName = "shop" }), stdout, stderr, pid: 4242);

        var sent = Enumerable.Range(0, 200).Select(n => $"order {n} caf\u00e9 with a newline-free payload").ToList();
        await WriteAsync(stdout, string.Concat(sent.Select(s => s + "\n")));
        await WriteAsync(stderr, "payment failed\n");

        await Eventually.True(() => rsyslog.Received().Count(l => l.Contains(" shop ", StringComparison.Ordinal)) == 201, "all 201 lines reach rsyslog");
        var received = rsyslog.Received().Where(l => l.Contains(" shop ", StringComparison.Ordinal)).ToList();
        received.Where(l => l.StartsWith("14 shop 4242 stdout ", StringComparison.Ordinal)).Select(l => l["14 shop 4242 stdout ".Length..])
            .Should().Equal(sent);
        received.Should().Contain("11 shop 4242 stderr payment failed");
    }

    [Fact]
    public async Task A_tcp_collector_that_is_down_blocks_nothing_counts_drops_and_is_reconnected_to()
    {
        var port = Ports.FreePort(SocketType.Stream, ProtocolType.Tcp);
        var spec = Spec(new SyslogSpec { Host = "127.0.0.1", Port = port, Protocol = SyslogProtocol.Tcp, QueueLength = 10 });
        using var stdout = await StreamPair.CreateAsync();
        Attach(spec, stdout, null);

        var watch = Stopwatch.StartNew();
        for (var n = 0; n < 2000; n++)
        {
            await WriteAsync(stdout, $"line {n}\n");
        }

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "the child's writes never wait for syslog");
        var file = LogFiles.PathFor(spec, "web-1", LogStream.Stdout);
        await Eventually.True(() => File.Exists(file) && File.ReadAllLines(file).Length == 2000, "the file still gets every line");
        await Eventually.True(() => Dropped("syslog-queue-full") >= 2000 - 10 - 1, "the overflow is counted and reported");
        await Eventually.True(() => _events.Named("logs-ship-failed").Any(), "the outage is reported");
        var failure = _events.Named("logs-ship-failed").Should().ContainSingle("an outage is one event, not one per line or per retry").Subject;
        failure.Fields["target"].Should().Be($"tcp://127.0.0.1:{port}");

        using var collector = new TcpListener(IPAddress.Loopback, port);
        collector.Start();
        using var connection = await collector.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var frames = await ProbeUntilReceivedAsync(stdout, connection.GetStream(), "after the outage");

        frames.Last().Should().MatchRegex(@"^<14>1 \S+ \S+ web-1 77 stdout - after the outage$");
        await Eventually.True(() => _events.Named("logs-ship-recovered").Any(), "the recovery is reported");
    }

    [Fact]
    public async Task A_restart_of_the_instance_keeps_its_shipper_and_its_syslog_connection()
    {
        // Akka restarts the surviving children of a restarted actor: the shipper of an instance whose
        // process crashed is restarted with it. It must carry on, not close its files and reconnect.
        var port = Ports.FreePort(SocketType.Stream, ProtocolType.Tcp);
        using var collector = new TcpListener(IPAddress.Loopback, port);
        collector.Start();
        var spec = Spec(new SyslogSpec { Host = "127.0.0.1", Port = port, Protocol = SyslogProtocol.Tcp });
        var instance = _system.ActorOf(Props.Create(() => new CrashingInstance(LogShipperActor.Props(spec, "web", "web-1", Serilog.Core.Logger.None, _events, FastTuning))));
        using var first = await StreamPair.CreateAsync();
        instance.Tell(new AttachOutput(1, first.Reader, null));
        var accepting = collector.AcceptTcpClientAsync();
        await WriteAsync(first, "before the crash\n");
        using var connection = await accepting.WaitAsync(TimeSpan.FromSeconds(20));
        await ProbeUntilReceivedAsync(first, connection.GetStream(), "before the crash");

        first.Writer.Dispose();
        instance.Tell(CrashingInstance.Crash);
        using var second = await StreamPair.CreateAsync();
        instance.Tell(new AttachOutput(2, second.Reader, null));
        var frames = await ProbeUntilReceivedAsync(second, connection.GetStream(), "after the restart");

        frames.Last().Should().MatchRegex(@"^<14>1 \S+ \S+ web-1 2 stdout - after the restart$");
        collector.Pending().Should().BeFalse("the restarted shipper kept its connection instead of opening another");
        var file = LogFiles.PathFor(spec, "web-1", LogStream.Stdout);
        File.ReadAllLines(file).Should().Contain("before the crash").And.Contain("after the restart");
    }

    /// <summary>Owns a shipper as ProcessActor does (created once, kept over its own restarts) and fails on demand.</summary>
    private sealed class CrashingInstance : ReceiveActor
    {
        public const string Crash = "crash";

        public CrashingInstance(Props shipper)
        {
            Receive<AttachOutput>(attach =>
            {
                var logs = Context.Child("logs");
                (logs.IsNobody() ? Context.ActorOf(shipper, "logs") : logs).Forward(attach);
            });
            Receive<string>(m => m == Crash, _ => throw new InvalidOperationException("the instance's process exited"));
        }

        protected override void PreRestart(Exception reason, object message)
        {
        }

        protected override void PostRestart(Exception reason)
        {
        }
    }

    [Fact]
    public async Task A_udp_collector_that_is_not_listening_blocks_nothing_and_later_receives()
    {
        var port = Ports.FreePort(SocketType.Dgram, ProtocolType.Udp);
        var spec = Spec(new SyslogSpec { Host = "127.0.0.1", Port = port, Protocol = SyslogProtocol.Udp, QueueLength = 10 });
        using var stdout = await StreamPair.CreateAsync();
        Attach(spec, stdout, null);

        var watch = Stopwatch.StartNew();
        for (var n = 0; n < 2000; n++)
        {
            await WriteAsync(stdout, $"line {n}\n");
        }

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "the child's writes never wait for syslog");
        var file = LogFiles.PathFor(spec, "web-1", LogStream.Stdout);
        await Eventually.True(() => File.Exists(file) && File.ReadAllLines(file).Length == 2000, "the file still gets every line");

        using var collector = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
        var received = new List<string>();
        await Eventually.True(
            () =>
            {
                stdout.Writer.Write("probe after the outage\n"u8);
                while (collector.Available > 0)
                {
                    IPEndPoint? from = null;
                    received.Add(Encoding.UTF8.GetString(collector.Receive(ref from)));
                }

                return received.Any(m => m.EndsWith("probe after the outage", StringComparison.Ordinal));
            },
            "ICMP port-unreachable from the outage does not break later sends");
        received.First(m => m.EndsWith("probe after the outage", StringComparison.Ordinal)).Should().StartWith("<14>1 ");
        _events.Named("logs-ship-failed").Should().BeEmpty("an absent UDP listener is invisible to the sender");
    }

    [Fact]
    public async Task Udp_datagrams_are_truncated_to_a_safe_size()
    {
        var port = Ports.FreePort(SocketType.Dgram, ProtocolType.Udp);
        using var collector = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
        using var stdout = await StreamPair.CreateAsync();
        Attach(Spec(new SyslogSpec { Host = "127.0.0.1", Port = port, Protocol = SyslogProtocol.Udp }), stdout, null);

        await WriteAsync(stdout, new string('z', 50_000) + "\n");

        var datagram = await collector.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(10));
        datagram.Buffer.Length.Should().Be(2048);
    }

    /// <summary>
    /// The accept completes in the kernel before the shipper has drained its full queue, so a single line
    /// written right then may be dropped as queue overflow (correctly). Probing until one arrives tests what
    /// matters: the reconnected sender delivers new lines again.
    /// </summary>
    private static async Task<List<string>> ProbeUntilReceivedAsync(StreamPair stdout, NetworkStream stream, string marker)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var reading = ReadFramesUntilAsync(stream, marker, timeout.Token);
        while (!reading.IsCompleted)
        {
            await WriteAsync(stdout, marker + "\n");
            await Task.WhenAny(reading, Task.Delay(200, timeout.Token));
        }

        return await reading;
    }

    private static async Task<List<string>> ReadFramesUntilAsync(NetworkStream stream, string marker, CancellationToken token)
    {
        var frames = new List<string>();
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        while (!frames.Any(f => f.EndsWith(marker, StringComparison.Ordinal)))
        {
            var read = await stream.ReadAsync(chunk, token);
            read.Should().BePositive("the connection stays open");
            buffer.AddRange(chunk.AsSpan(0, read).ToArray());
            while (true)
            {
                var space = buffer.IndexOf((byte)' ');
                if (space < 0)
                {
                    break;
                }

                var length = int.Parse(Encoding.ASCII.GetString(buffer.GetRange(0, space).ToArray()));
                if (buffer.Count < space + 1 + length)
                {
                    break;
                }

                frames.Add(Encoding.UTF8.GetString(buffer.GetRange(space + 1, length).ToArray()));
                buffer.RemoveRange(0, space + 1 + length);
            }
        }

        return frames;
    }
}
