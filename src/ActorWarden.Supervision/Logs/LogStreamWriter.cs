using System.Text;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Logs.Syslog;

namespace ActorWarden.Supervision.Logs;

/// <summary>
/// The single consumer of one stream's <see cref="LineBuffer"/>: appends lines to the rotating file in
/// batches (flushed whenever the buffer runs dry, so <c>warden logs -f</c> sees output promptly) and
/// fans them out to the warden's log and syslog. A file that cannot be written (full disk, missing
/// permission) is reported once, its lines are dropped and counted, and it is retried after a pause:
/// the warden never crashes and the child never waits because of it.
/// </summary>
internal sealed class LogStreamWriter
{
    private const int MaxBatchLines = 4096;

    private readonly LogStream _stream;
    private readonly RotatingLogFile _file;
    private readonly LogShipperContext _context;
    private readonly SyslogShipper? _syslog;
    private readonly Serilog.ILogger? _lineLog;
    private long _writeDropped;
    private int _unflushed;
    private bool _failing;
    private TimeSpan _retryAt;

    public LogStreamWriter(LogStream stream, string path, long maxSize, int keep, LineBuffer buffer, LogShipperContext context, SyslogShipper? syslog, bool toWardenLog)
    {
        _stream = stream;
        _file = new RotatingLogFile(path, maxSize, keep);
        Buffer = buffer;
        _context = context;
        _syslog = syslog;
        _lineLog = toWardenLog
            ? context.WardenLog
                .ForContext("Service", context.Service)
                .ForContext("Instance", context.Instance)
                .ForContext("Stream", StreamName)
            : null;
        Completion = Task.Run(RunAsync);
    }

    public LineBuffer Buffer { get; }

    /// <summary>Lines lost to write failures, since creation.</summary>
    public long WriteDropped => Interlocked.Read(ref _writeDropped);

    /// <summary>Completes when the buffer has been completed and drained and the file is closed.</summary>
    public Task Completion { get; }

    public string StreamName => _stream == LogStream.Stderr ? "stderr" : "stdout";

    private async Task RunAsync()
    {
        var reader = Buffer.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                var count = 0;
                while (count < MaxBatchLines && reader.TryRead(out var line))
                {
                    try
                    {
                        Handle(line);
                    }
                    finally
                    {
                        Buffer.Release(line);
                    }

                    count++;
                }

                FlushFile();
            }
        }
        finally
        {
            _file.Close();
        }
    }

    private void Handle(LogLine line)
    {
        WriteToFile(line.Bytes);
        if (line.Length == 0 || (_lineLog is null && _syslog is null))
        {
            return;
        }

        var text = Encoding.UTF8.GetString(line.Bytes);
        _lineLog?.Information("{Line}", text);
        _syslog?.TryEnqueue(_stream, line.Pid, line.Timestamp, text);
    }

    private void WriteToFile(ReadOnlySpan<byte> bytes)
    {
        if (_failing && _context.Scheduler.Monotonic < _retryAt)
        {
            Interlocked.Increment(ref _writeDropped);
            return;
        }

        try
        {
            _file.WriteLine(bytes);
            _unflushed++;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Add(ref _writeDropped, _unflushed + 1);
            Failed(e);
        }
    }

    private void FlushFile()
    {
        if (_unflushed == 0)
        {
            return;
        }

        try
        {
            _file.Flush();
            _unflushed = 0;
            if (_failing)
            {
                _failing = false;
                _context.WardenLog.Information("Log file {Path} of {Instance} is writable again", _file.Path, _context.Instance);
                _context.Publish(LogEventNames.WriteRecovered, new Dictionary<string, object?>
                {
                    ["stream"] = StreamName,
                    ["path"] = _file.Path,
                });
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Add(ref _writeDropped, _unflushed);
            Failed(e);
        }
    }

    private void Failed(Exception error)
    {
        _unflushed = 0;
        _file.Close();
        _retryAt = _context.Scheduler.Monotonic + _context.Tuning.WriteRetryInterval;
        if (_failing)
        {
            return;
        }

        _failing = true;
        _context.WardenLog.Warning(
            "Cannot write log file {Path} of {Instance}: {Error}; lines are dropped and counted, retrying every {RetrySeconds}s",
            _file.Path,
            _context.Instance,
            error.Message,
            _context.Tuning.WriteRetryInterval.TotalSeconds);
        _context.Publish(LogEventNames.WriteFailed, new Dictionary<string, object?>
        {
            ["stream"] = StreamName,
            ["path"] = _file.Path,
            ["error"] = error.Message,
        });
    }
}
