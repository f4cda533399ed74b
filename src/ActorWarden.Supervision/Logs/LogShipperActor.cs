using Akka.Actor;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Logs.Syslog;
using ActorWarden.Supervision.Specs;

namespace ActorWarden.Supervision.Logs;

/// <summary>
/// Captures one instance's stdout and stderr: per-instance files with size-based rotation, optionally
/// the warden's own log and an RFC 5424 syslog collector. A child of the instance's ProcessActor, which
/// tells it <see cref="AttachOutput"/> after each spawn.
/// </summary>
/// <remarks>
/// <para>The first rule is that a child must never block on its stdout because of the warden. The
/// actor's mailbox only sees attachments and timer ticks; each stream is drained by its own async pump
/// that never waits for anything but the read, and hands lines to a bounded buffer (buffer-lines lines
/// and a byte bound). When files, disk or syslog fall behind, lines are dropped and counted, and the
/// counts are published as <c>logs-dropped</c> events every few seconds.</para>
/// <para>Pumps live until EOF, not until the actor stops: the last lines of a process that is being
/// replaced are still written, and the files are closed once every attached stream has ended.</para>
/// </remarks>
public sealed class LogShipperActor : ReceiveActor, IWithTimers
{
    private readonly LogSpec _spec;
    private readonly string _service;
    private readonly string _instance;
    private readonly Serilog.ILogger _wardenLog;
    private readonly IEventPublisher? _events;
    private readonly LogShipperTuning _tuning;
    private readonly int _syslogFacility;
    private readonly List<Task> _pumps = [];
    private readonly Dictionary<string, long> _reported = new(StringComparer.Ordinal);
    private LogShipperContext? _context;
    private LogStreamWriter? _stdout;
    private LogStreamWriter? _stderr;
    private SyslogShipper? _syslog;
    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;


    private LogShipperActor(LogSpec spec, string service, string instance, Serilog.ILogger wardenLog, IEventPublisher? events, LogShipperTuning tuning, int syslogFacility)
    {
        _spec = spec;
        _service = service;
        _instance = instance;
        _wardenLog = wardenLog;
        _events = events;
        _tuning = tuning;
        _syslogFacility = syslogFacility;
        Receive<AttachOutput>(Attach);
        Receive<ReportDrops>(_ => Report());
    }

    /// <summary>Props for the shipper of <paramref name="instance"/>.</summary>
    /// <param name="spec">The service's (merged) logs settings; <see cref="LogSpec.Directory"/> absolute.</param>
    /// <param name="service">Service name (events, structured log properties).</param>
    /// <param name="instance">Instance name: file names, syslog APP-NAME default, events.</param>
    /// <param name="wardenLog">The warden's Serilog logger (problems, and lines when to-warden-log is on).</param>
    /// <param name="events">Where <c>logs-*</c> events go; null = nowhere.</param>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public static Props Props(LogSpec spec, string service, string instance, Serilog.ILogger wardenLog, IEventPublisher? events) =>
        Props(spec, service, instance, wardenLog, events, LogShipperTuning.Default);

    internal static Props Props(LogSpec spec, string service, string instance, Serilog.ILogger wardenLog, IEventPublisher? events, LogShipperTuning tuning)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentNullException.ThrowIfNull(wardenLog);
        ArgumentNullException.ThrowIfNull(tuning);
        var facility = Validate(spec, instance);
        return ActorProps.Of(() => new LogShipperActor(spec, service, instance, wardenLog, events, tuning, facility));
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        var scheduler = Context.System.Scheduler;
        _context = new LogShipperContext(_service, _instance, scheduler, _wardenLog, _events, _tuning);
        if (!_spec.Enabled)
        {
            return;
        }

        if (_spec.Syslog is { } syslog)
        {
            ISyslogTransport transport = syslog.Protocol == SyslogProtocol.Tcp
                ? new TcpSyslogTransport(syslog.Host, syslog.Port)
                : new UdpSyslogTransport(syslog.Host, syslog.Port);
            var maxBytes = syslog.Protocol == SyslogProtocol.Udp ? UdpSyslogTransport.MaxDatagramBytes : int.MaxValue;
            var formatter = new SyslogFormatter(
                _syslogFacility,
                Environment.MachineName,
                string.IsNullOrEmpty(syslog.AppName) ? _instance : syslog.AppName,
                maxBytes);
            _syslog = new SyslogShipper(transport, formatter, syslog.QueueLength, _context);
        }

        var maxBytesBuffered = Math.Max(_tuning.MaxBufferedBytes, 2L * _spec.MaxLineBytes);
        _stdout = CreateWriter(LogStream.Stdout, maxBytesBuffered);
        _stderr = CreateWriter(LogStream.Stderr, maxBytesBuffered);
        Timers.StartPeriodicTimer(ReportDrops.Instance, ReportDrops.Instance, _tuning.DropReportInterval);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        Report();
        if (_stdout is null || _stderr is null)
        {
            return;
        }

        var producers = Task.WhenAll(_pumps);
        var stdout = _stdout;
        var stderr = _stderr;
        producers.ContinueWith(_ => { stdout.Buffer.Complete(); stderr.Buffer.Complete(); }, TaskScheduler.Default);
        if (_syslog is { } syslog)
        {
            var scheduler = _context!.Scheduler;
            var drainTimeout = _tuning.SyslogDrainTimeout;
            Task.WhenAll(stdout.Completion, stderr.Completion).ContinueWith(
                _ =>
                {
                    syslog.Complete();
                    try
                    {
                        scheduler.Advanced.ScheduleOnce(drainTimeout, syslog.Abort);
                    }
                    catch (ObjectDisposedException)
                    {
                        syslog.Abort();
                    }
                },
                TaskScheduler.Default);
        }
    }

    private static int Validate(LogSpec spec, string instance)
    {
        LogFiles.PathFor(spec, instance, LogStream.Stdout);
        if (!spec.Enabled)
        {
            return 0;
        }

        Require(!string.IsNullOrWhiteSpace(spec.Directory), $"logs.directory must be set for '{instance}'.");
        Require(spec.MaxSizeBytes >= 1, $"logs.max-size must be positive, found {spec.MaxSizeBytes}.");
        Require(spec.Keep >= 0, $"logs.keep must not be negative, found {spec.Keep}.");
        Require(spec.MaxLineBytes >= 1, $"logs.max-line must be positive, found {spec.MaxLineBytes}.");
        Require(spec.BufferLines >= 1, $"logs.buffer-lines must be at least 1, found {spec.BufferLines}.");
        if (spec.Syslog is not { } syslog)
        {
            return 0;
        }

        Require(!string.IsNullOrWhiteSpace(syslog.Host), "logs.ship.syslog.host must not be empty when syslog shipping is on.");
        Require(syslog.Port is >= 1 and <= 65535, $"logs.ship.syslog.port must be 1-65535, found {syslog.Port}.");
        Require(syslog.QueueLength >= 1, $"logs.ship.syslog.queue must be at least 1, found {syslog.QueueLength}.");
        return SyslogFacility.Parse(syslog.Facility);
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message, "spec");
        }
    }

    private LogStreamWriter CreateWriter(LogStream stream, long maxBytesBuffered) =>
        new(
            stream,
            LogFiles.PathFor(_spec, _instance, stream),
            _spec.MaxSizeBytes,
            _spec.Keep,
            new LineBuffer(_spec.BufferLines, maxBytesBuffered),
            _context!,
            _syslog,
            _spec.ToWardenLog);

    private void Attach(AttachOutput output)
    {
        _pumps.RemoveAll(static pump => pump.IsCompleted);
        var clock = _context!.Scheduler;
        if (output.Stdout is { } stdout)
        {
            _pumps.Add(OutputPump.RunAsync(stdout, _stdout?.Buffer, _spec.MaxLineBytes, output.Pid, clock, CancellationToken.None));
        }

        if (output.Stderr is { } stderr)
        {
            _pumps.Add(OutputPump.RunAsync(stderr, _stderr?.Buffer, _spec.MaxLineBytes, output.Pid, clock, CancellationToken.None));
        }
    }

    private void Report()
    {
        if (_stdout is null || _stderr is null)
        {
            return;
        }

        foreach (var writer in new[] { _stdout, _stderr })
        {
            ReportDelta("stream", writer.StreamName, LogEventNames.Reasons.BufferFull, writer.Buffer.Dropped);
            ReportDelta("stream", writer.StreamName, LogEventNames.Reasons.WriteFailed, writer.WriteDropped);
        }

        if (_syslog is { } syslog)
        {
            ReportDelta("target", syslog.Target, LogEventNames.Reasons.SyslogQueueFull, syslog.QueueDropped);
            ReportDelta("target", syslog.Target, LogEventNames.Reasons.SyslogSendFailed, syslog.SendDropped);
        }
    }

    private void ReportDelta(string whereKey, string where, string reason, long total)
    {
        var key = $"{where}/{reason}";
        _reported.TryGetValue(key, out var before);
        if (total <= before)
        {
            return;
        }

        _reported[key] = total;
        _wardenLog.Warning(
            "{Instance}: {Dropped} {Where} line(s) dropped ({Reason}), {Total} in all",
            _instance,
            total - before,
            where,
            reason,
            total);
        _context!.Publish(LogEventNames.Dropped, new Dictionary<string, object?>
        {
            [whereKey] = where,
            ["reason"] = reason,
            ["dropped"] = total - before,
            ["total"] = total,
        });
    }
}
