using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Logs.Syslog;
using Akka.Actor;

namespace ActorWarden.Supervision.Logs;

/// <summary>
/// Captures one instance's stdout and stderr: per-instance files with size-based rotation, optionally
/// the warden's own log and an RFC 5424 syslog collector. A child of the instance's ProcessActor, which
/// tells it <see cref="AttachOutput"/> after each spawn.
/// </summary>
/// <remarks>
/// <para>The first rule is that nothing is lost on the way to the file. Each stream is drained by its
/// own async pump that writes whole-line blocks (up to <c>buffer</c> bytes) to the file itself and reads
/// again only once they are written; when the file falls behind, the pipe fills and the child blocks
/// on its next write, as under supervisord. Output is dropped only by an explicit <c>rate-limit</c> or when the file cannot be
/// written; both are marked in the file and reported as <c>logs-dropped</c> events every few seconds.
/// The actor's mailbox only sees attachments and timer ticks. When nothing needs lines, a pump splices its
/// pipe into the file instead (see <see cref="LogStreamWriter"/>).</para>
/// <para>Pumps live until EOF, not until the actor stops: the last lines of a process that is being
/// replaced are still written, and the files are closed once every attached stream has ended
/// (<see cref="LogDrain"/>).</para>
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
    private readonly Shipment _shipment;

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    private LogShipperActor(LogSpec spec, string service, string instance, Serilog.ILogger wardenLog, IEventPublisher? events, LogShipperTuning tuning, int syslogFacility, Shipment shipment)
    {
        _shipment = shipment;
        _spec = spec;
        _service = service;
        _instance = instance;
        _wardenLog = wardenLog;
        _events = events;
        _tuning = tuning;
        _syslogFacility = syslogFacility;
        Receive<AttachOutput>(Attach);
        Receive<DropsSeen>(_ => ScheduleReport());
        Receive<ReportDrops>(_ =>
        {
            // Cleared before the counters are read: a drop from now on asks for the next report.
            Volatile.Write(ref _shipment.ReportAsked, 0);
            Report();
        });
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
        // One shipment per cell: Akka re-runs the factory at each restart, and every incarnation gets it.
        var shipment = new Shipment();
        return ActorProps.Of(() => new LogShipperActor(spec, service, instance, wardenLog, events, tuning, facility, shipment));
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        if (_shipment.Context is not null)
        {
            // A restart (Akka restarts the surviving children of a restarted instance actor): the writers,
            // the pumps and the drop counts carry on; only a report that was asked for, whose timer Akka
            // cancelled, is scheduled again.
            if (Volatile.Read(ref _shipment.ReportAsked) == 1)
            {
                ScheduleReport();
            }

            return;
        }

        var scheduler = Context.System.Scheduler;
        var self = Self;
        var shipment = _shipment;
        _shipment.Context = new LogShipperContext(_service, _instance, scheduler, _wardenLog, _events, _tuning)
        {
            OnDrop = () =>
            {
                if (Volatile.Read(ref shipment.ReportAsked) == 0 && Interlocked.Exchange(ref shipment.ReportAsked, 1) == 0)
                {
                    self.Tell(DropsSeen.Instance, ActorRefs.NoSender);
                }
            },
        };
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
            _shipment.Syslog = new SyslogShipper(transport, formatter, syslog.QueueLength, _shipment.Context);
        }

        _shipment.Stdout = CreateWriter(LogStream.Stdout);
        _shipment.Stderr = CreateWriter(LogStream.Stderr);
    }

    /// <summary>
    /// Every restart of the instance restarts this surviving child too. Akka's default would stop it
    /// (PostStop: drain and close the files) and the next incarnation would open new writers on the same
    /// files while the old ones still drained the ended process's pipe. So nothing ends here; the next
    /// incarnation takes the <see cref="Shipment"/> over.
    /// </summary>
    protected override void PreRestart(Exception reason, object message)
    {
    }

    /// <summary>
    /// Drops are reported at most once per <see cref="LogShipperTuning.DropReportInterval"/>, the first report
    /// that long after the first drop; a shipper that drops nothing has no timer (a farm of a thousand
    /// instances woke a thousand of them every interval).
    /// </summary>
    private void ScheduleReport()
    {
        if (!Timers.IsTimerActive(ReportDrops.Instance))
        {
            Timers.StartSingleTimer(ReportDrops.Instance, ReportDrops.Instance, _tuning.DropReportInterval);
        }
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        Report();
        if (_shipment.Stdout is null || _shipment.Stderr is null)
        {
            return;
        }

        // The actor is gone; the drain only closes what the pumps and writers still hold, on their own tasks.
        _ = LogDrain.RunAsync([.. _shipment.Pumps], _shipment.Stdout, _shipment.Stderr, _shipment.Syslog, _shipment.Context!.Scheduler, _tuning.SyslogDrainTimeout);
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
        Require(spec.BufferBytes >= 1, $"logs.buffer must be positive, found {spec.BufferBytes}.");
        Require(spec.RateLimit is null || (spec.RateLimit.Burst >= 1 && spec.RateLimit.Interval > TimeSpan.Zero), "logs.rate-limit needs burst >= 1 and a positive interval.");
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

    private LogStreamWriter CreateWriter(LogStream stream) =>
        new(stream, LogFiles.PathFor(_spec, _instance, stream), _spec, _shipment.Context!, _shipment.Syslog);

    private void Attach(AttachOutput output)
    {
        _shipment.Pumps.RemoveAll(static pump => pump.IsCompleted);
        var clock = _shipment.Context!.Scheduler;
        if (output.Stdout is { } stdout)
        {
            _shipment.Stdout?.AddPump();
            _shipment.Pumps.Add(OutputPump.RunAsync(stdout, _shipment.Stdout, _spec.MaxLineBytes, (int)_spec.BufferBytes, output.Pid, clock, CancellationToken.None));
        }

        if (output.Stderr is { } stderr)
        {
            _shipment.Stderr?.AddPump();
            _shipment.Pumps.Add(OutputPump.RunAsync(stderr, _shipment.Stderr, _spec.MaxLineBytes, (int)_spec.BufferBytes, output.Pid, clock, CancellationToken.None));
        }
    }

    private void Report()
    {
        if (_shipment.Stdout is null || _shipment.Stderr is null)
        {
            return;
        }

        foreach (var writer in new[] { _shipment.Stdout, _shipment.Stderr })
        {
            ReportDelta(true, writer.StreamName, LogEventNames.Reasons.RateLimit, writer.RateLimited.Lines, writer.RateLimited.Bytes);
            ReportDelta(true, writer.StreamName, LogEventNames.Reasons.WriteFailed, writer.WriteFailed.Lines, writer.WriteFailed.Bytes);
        }

        if (_shipment.Syslog is { } syslog)
        {
            ReportDelta(false, syslog.Target, LogEventNames.Reasons.SyslogQueueFull, syslog.QueueDropped, null);
            ReportDelta(false, syslog.Target, LogEventNames.Reasons.SyslogSendFailed, syslog.SendDropped, null);
        }
    }

    private void ReportDelta(bool atStream, string where, string reason, long total, long? totalBytes)
    {
        var key = $"{where}/{reason}";
        _shipment.Reported.TryGetValue(key, out var before);
        if (total <= before.Lines)
        {
            return;
        }

        _shipment.Reported[key] = (total, totalBytes ?? 0);
        _wardenLog.Warning(
            "{Instance}: {Dropped} {Where} line(s) dropped ({Reason}), {Total} in all",
            _instance,
            total - before.Lines,
            where,
            reason,
            total);
        _shipment.Context!.Publish(new LogsDroppedEvent(
            atStream ? where : null,
            atStream ? null : where,
            reason,
            total - before.Lines,
            total,
            totalBytes - before.Bytes,
            totalBytes));
    }

    /// <summary>What one instance's shipper holds for the life of its cell, across Akka's restarts of the actor.</summary>
    private sealed class Shipment
    {
        /// <summary>1 once a drop asked for a report that has not run yet; set on the writers' threads.</summary>
        public int ReportAsked;

        public List<Task> Pumps { get; } = [];

        public Dictionary<string, (long Lines, long Bytes)> Reported { get; } = new(StringComparer.Ordinal);

        public LogShipperContext? Context { get; set; }

        public LogStreamWriter? Stdout { get; set; }

        public LogStreamWriter? Stderr { get; set; }

        public SyslogShipper? Syslog { get; set; }
    }
}
