using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit.Sdk;

namespace ActorWarden.Supervision.Tests.Logs;

/// <summary>
/// A private rsyslogd for one test: its own config in a temp folder (imudp and imtcp on free loopback
/// ports, every message written to one file through a template exposing PRI, APP-NAME, PROCID and
/// MSGID), started in the foreground and killed on dispose. The system's rsyslog setup is never touched.
/// </summary>
internal sealed class RsyslogDaemon : IDisposable
{
    private readonly string _folder;
    private readonly Process _process;

    private RsyslogDaemon(string folder, Process process, int udpPort, int tcpPort)
    {
        _folder = folder;
        _process = process;
        UdpPort = udpPort;
        TcpPort = tcpPort;
    }

    public int UdpPort { get; }

    public int TcpPort { get; }

    public string OutputPath => Path.Combine(_folder, "received.log");

    /// <summary>Lines written so far as "PRI APP-NAME PROCID MSGID MSG".</summary>
    public string[] Received() => File.Exists(OutputPath) ? File.ReadAllLines(OutputPath) : [];

    public static async Task<RsyslogDaemon> StartAsync()
    {
        var binary = new[] { "/usr/sbin/rsyslogd", "/sbin/rsyslogd", "/usr/bin/rsyslogd" }.FirstOrDefault(File.Exists)
            ?? throw new XunitException("rsyslogd is not installed; the syslog shipping test needs it: run .ci/install-deps or `apt-get install -y rsyslog`.");
        var folder = Directory.CreateTempSubdirectory("aw-rsyslog-").FullName;
        var udpPort = Ports.FreePort(SocketType.Dgram, ProtocolType.Udp);
        var tcpPort = Ports.FreePort(SocketType.Stream, ProtocolType.Tcp);
        var config = Path.Combine(folder, "rsyslog.conf");
        await File.WriteAllTextAsync(config, $$"""
            global(workDirectory="{{folder}}")
            module(load="imudp")
            module(load="imtcp")
            input(type="imudp" address="127.0.0.1" port="{{udpPort}}")
            input(type="imtcp" address="127.0.0.1" port="{{tcpPort}}")
            template(name="fields" type="string" string="%pri% %app-name% %procid% %msgid% %msg%\n")
            action(type="omfile" file="{{Path.Combine(folder, "received.log")}}" template="fields" flushOnTXEnd="on" asyncWriting="off")
            """);
        var start = new ProcessStartInfo(binary, ["-n", "-f", config, "-i", Path.Combine(folder, "rsyslogd.pid")])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start) ?? throw new XunitException($"could not start {binary}");
        var daemon = new RsyslogDaemon(folder, process, udpPort, tcpPort);
        try
        {
            await daemon.WaitUntilReadyAsync();
        }
        catch
        {
            daemon.Dispose();
            throw;
        }

        return daemon;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        var watch = Stopwatch.StartNew();
        var tcpReady = false;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new XunitException($"rsyslogd exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()}");
            }

            if (!tcpReady)
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await probe.ConnectAsync(IPAddress.Loopback, TcpPort);
                    tcpReady = true;
                }
                catch (SocketException)
                {
                    tcpReady = false;
                }
            }

            await udp.SendAsync("<14>1 - - readiness - - ready"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, UdpPort));
            if (tcpReady && Received().Any(line => line.Contains("readiness", StringComparison.Ordinal)))
            {
                return;
            }

            if (watch.Elapsed > TimeSpan.FromSeconds(15))
            {
                // Which listener never came up, and what rsyslogd said about it (a bind error names the port).
                _process.Kill(entireProcessTree: true);
                var said = await _process.StandardError.ReadToEndAsync() + await _process.StandardOutput.ReadToEndAsync();
                throw new XunitException($"rsyslogd did not start listening within 15 s: tcp {TcpPort} {(tcpReady ? "accepted" : "refused")}, udp {UdpPort} {(Received().Length > 0 ? "received" : "nothing received")}; rsyslogd said: {said}");
            }

            await Task.Delay(50);
        }
    }
}
