using System.Globalization;
using System.Text;
using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Logs.Syslog;

namespace ActorWarden.Supervision.Logs;

/// <summary>
/// Writes one stream's blocks to its rotating file as they are and, only when the warden's log or
/// syslog wants lines, splits them into lines for those. The pumps of the stream call it directly
/// (there is usually one; two while a replaced process still drains): no hand-off to another thread,
/// and a pump reads its pipe again only once its block is written, so the file path loses nothing and
/// a slow disk slows the child, not the warden's memory. Neither the warden's log nor a slow syslog
/// collector slows the file path: syslog has its own bounded queue that drops and counts.
/// </summary>
/// <remarks>
/// Output is dropped in two cases only, each marked in the file with a <see cref="DropMarker"/> line at
/// the place of the hole and counted for <c>logs-dropped</c>: the service's explicit <c>rate-limit</c>,
/// and a file that cannot be written (full disk, missing permission), which is reported once and
/// retried after a pause so that the child is not blocked forever by a broken disk.
/// <para>When no consumer needs lines, the pump of the only process writing the stream may splice its
/// pipe into the file (<see cref="SpliceAsync"/>): the kernel moves the bytes, the warden never copies
/// them. Spliced bytes are not looked at, so splicing stops <c>max-line</c> bytes before the size limit and
/// the last stretch of each file is written by blocks of whole lines, which keeps rotation at a line
/// boundary. A file may then end inside a line for a while; the writer remembers whose line it is, ends it
/// with a newline before another process's block or a drop marker, and at that process's end of stream.</para>
/// </remarks>
internal sealed class LogStreamWriter : ISpliceSink
{
    /// <summary>Splicing less than this before the rotation margin is not worth a system call: blocks of lines take over.</summary>
    internal const long MinSplice = 64 * 1024;

    private readonly LogStream _stream;
    private readonly RotatingLogFile _file;
    private readonly LogShipperContext _context;
    private readonly SyslogShipper? _syslog;
    private readonly Serilog.ILogger? _lineLog;
    private readonly LineSplitter? _lines;
    private readonly LogRateLimiter? _rateLimiter;
    private readonly string _rateLimitText = "";
    /// <summary>Serialises the pumps of this stream (uncontended, and then synchronous, but for the moment two processes overlap).</summary>
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly LineHandler _onLine;
    private readonly DropCounter _rateLimited;
    private readonly DropCounter _writeFailed;
    private Hole _rateLimitHole;
    private Hole _writeHole;
    private string _writeError = "";
    private bool _failing;
    private TimeSpan _retryAt;
    private LogChunk _current;
    private readonly bool _spliceable;
    private readonly long _spliceMargin;
    private readonly long _maxSplice;
    private bool _spliceRefused;
    private int _pumps;
    /// <summary>The pid whose unfinished line the file ends with (after a splice or a cut long line); 0 when it ends at a line boundary.</summary>
    private int _openLine;

    public LogStreamWriter(LogStream stream, string path, LogSpec spec, LogShipperContext context, SyslogShipper? syslog)
    {
        _stream = stream;
        _file = new RotatingLogFile(path, spec.MaxSizeBytes, spec.Keep);
        _context = context;
        _rateLimited = new DropCounter(context);
        _writeFailed = new DropCounter(context);
        _syslog = syslog;
        _lineLog = spec.ToWardenLog
            ? context.WardenLog
                .ForContext("Service", context.Service)
                .ForContext("Instance", context.Instance)
                .ForContext("Stream", StreamName)
            : null;
        _lines = _lineLog is null && _syslog is null ? null : new LineSplitter(spec.MaxLineBytes);
        if (spec.RateLimit is { } limit)
        {
            _rateLimiter = new LogRateLimiter(limit.Burst, limit.Interval);
            _rateLimitText = string.Create(CultureInfo.InvariantCulture, $"rate limit of {limit.Burst} lines per {Describe(limit.Interval)}");
        }

        _onLine = OnLine;
        _spliceable = _lines is null && _rateLimiter is null;
        _spliceMargin = spec.MaxLineBytes;
        _maxSplice = Math.Max(spec.BufferBytes, MinSplice);
    }

    /// <summary>Lines and bytes dropped by the rate limit, since creation.</summary>
    public DropCounter RateLimited => _rateLimited;

    /// <summary>Lines and bytes lost to write failures, since creation.</summary>
    public DropCounter WriteFailed => _writeFailed;

    public string StreamName => _stream == LogStream.Stderr ? "stderr" : "stdout";

    /// <summary>A pump starts for this stream; it ends with its <see cref="LogChunk.EndOfStream"/> block. Only a stream with one pump is spliced.</summary>
    public void AddPump() => Interlocked.Increment(ref _pumps);

    /// <inheritdoc />
    public bool CanSplice(int pid, long pending) =>
        MaySplice(pid) && _file.KnownRoom - _spliceMargin - pending >= MinSplice;

    /// <inheritdoc />
    public long RoomBeforeRotation => _spliceable && !_spliceRefused ? _file.KnownRoom : long.MaxValue;

    /// <inheritdoc />
    public async ValueTask<SpliceStep> SpliceAsync(ISplicePipe pipe, int pid, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Splice(pipe, pid);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(LogChunk chunk, CancellationToken cancellationToken)
    {
        try
        {
            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            chunk.Return();
            throw;
        }

        try
        {
            Handle(chunk);
        }
        finally
        {
            chunk.Return();
            _turn.Release();
        }
    }

    /// <summary>No more blocks will come (every pump has ended): marks any open hole and closes the file.</summary>
    public async Task CloseAsync()
    {
        await _turn.WaitAsync().ConfigureAwait(false);
        try
        {
            WriteHoleMarkers();
        }
        finally
        {
            _file.Close();
            _lines?.Dispose();
            _turn.Release();
        }
    }

    /// <summary>Lines in a block: its newlines, plus the unterminated last line of a stream.</summary>
    internal static long CountLines(LogChunk chunk) => chunk.Bytes.Count((byte)'\n') + (chunk.Terminate ? 1 : 0);

    private bool MaySplice(int pid) =>
        _spliceable && !_spliceRefused && !_failing && Volatile.Read(ref _pumps) == 1 && (_openLine == 0 || _openLine == pid);

    private SpliceStep Splice(ISplicePipe pipe, int pid)
    {
        if (!MaySplice(pid))
        {
            return SpliceStep.NotNow;
        }

        try
        {
            // Known room only: asking the file for its size would open it, and a service that never
            // writes must not hold two log files open (5,000 silent instances ran out of descriptors).
            // The first block of a stream goes through the read path, which opens the file.
            var room = _file.KnownRoom - _spliceMargin;
            if (room < MinSplice)
            {
                return SpliceStep.NotNow;
            }

            var moved = _file.SpliceFrom(pipe, Math.Min(room, _maxSplice), out var endsLine);
            if (moved > 0)
            {
                _openLine = endsLine ? 0 : pid;
                return new SpliceStep(SpliceOutcome.Moved, moved);
            }

            return moved == 0 ? new SpliceStep(SpliceOutcome.EndOfStream, 0) : new SpliceStep(SpliceOutcome.Empty, 0);
        }
        catch (NotSupportedException)
        {
            _spliceRefused = true;
            return SpliceStep.NotNow;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing was moved: the pump reads the same bytes and writes them, which meets the same error and counts what it loses.
            return SpliceStep.NotNow;
        }
    }

    private void Handle(LogChunk chunk)
    {
        var bytes = chunk.Bytes;
        var terminate = chunk.Terminate;
        var dropped = default(Hole);
        if (_rateLimiter is not null)
        {
            var lines = CountLines(chunk);
            var admitted = _rateLimiter.Admit(lines, _context.Scheduler.Monotonic);
            if (admitted < lines)
            {
                var keep = PrefixOfLines(bytes, admitted);
                dropped = new Hole(lines - admitted, bytes.Length - keep + (terminate ? 1 : 0));
                _rateLimited.Add(dropped.Lines, dropped.Bytes);
                bytes = bytes[..keep];
                terminate = false;
            }
        }

        if (!bytes.IsEmpty || terminate)
        {
            // Holes before this block are marked before it; a hole inside it goes after what was kept.
            WriteHoleMarkers();
            if (_openLine != chunk.Pid)
            {
                EndOpenLine();
            }

            WriteToFile(bytes, terminate);
            _openLine = terminate || bytes[^1] == (byte)'\n' ? 0 : chunk.Pid;
            if (_lines is not null)
            {
                _current = chunk;
                _lines.Feed(bytes, _onLine);
                if (terminate)
                {
                    _lines.Flush(_onLine);
                }
            }
        }

        _rateLimitHole += dropped;
        if (chunk.EndOfStream)
        {
            if (_openLine == chunk.Pid)
            {
                EndOpenLine();
            }

            WriteHoleMarkers();
            Interlocked.Decrement(ref _pumps);
        }
    }

    /// <summary>Ends the unfinished line the file ends with, if any, so that what comes next starts a line of its own.</summary>
    private void EndOpenLine()
    {
        if (_openLine != 0 && WriteToFile([], terminate: true, isMarker: true))
        {
            _openLine = 0;
        }
    }

    private static string Describe(TimeSpan interval) =>
        interval.TotalMilliseconds % 1000 != 0
            ? string.Create(CultureInfo.InvariantCulture, $"{interval.TotalMilliseconds:0}ms")
            : string.Create(CultureInfo.InvariantCulture, $"{interval.TotalSeconds:0}s");

    /// <summary>The length of the first <paramref name="lines"/> lines of <paramref name="bytes"/>.</summary>
    private static int PrefixOfLines(ReadOnlySpan<byte> bytes, long lines)
    {
        var end = 0;
        for (var i = 0L; i < lines; i++)
        {
            var newline = bytes[end..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return bytes.Length;
            }

            end += newline + 1;
        }

        return end;
    }

    private void OnLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            return;
        }

        var text = Encoding.UTF8.GetString(line);
        _lineLog?.Information("{Line}", text);
        _syslog?.TryEnqueue(_stream, _current.Pid, _current.Timestamp, text);
    }

    private void WriteHoleMarkers()
    {
        if (!_rateLimitHole.IsEmpty || !_writeHole.IsEmpty)
        {
            EndOpenLine();
        }

        if (!_rateLimitHole.IsEmpty && WriteToFile(DropMarker.Line(_rateLimitHole.Lines, _rateLimitHole.Bytes, _rateLimitText), terminate: true, isMarker: true))
        {
            _rateLimitHole = default;
        }

        if (!_writeHole.IsEmpty && WriteToFile(DropMarker.Line(_writeHole.Lines, _writeHole.Bytes, "the log file could not be written: " + _writeError), terminate: true, isMarker: true))
        {
            _writeHole = default;
        }
    }

    private bool WriteToFile(ReadOnlySpan<byte> bytes, bool terminate, bool isMarker = false)
    {
        if (_failing && _context.Scheduler.Monotonic < _retryAt)
        {
            if (!isMarker)
            {
                Lost(bytes, terminate);
            }

            return false;
        }

        try
        {
            if (terminate)
            {
                _file.WriteLine(bytes);
            }
            else
            {
                _file.Write(bytes);
            }

            if (_failing)
            {
                Recovered();
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!isMarker)
            {
                Lost(bytes, terminate);
            }

            Failed(e);
            return false;
        }
    }

    private void Lost(ReadOnlySpan<byte> bytes, bool terminate)
    {
        var hole = new Hole(bytes.Count((byte)'\n') + (terminate ? 1 : 0), bytes.Length + (terminate ? 1 : 0));
        _writeHole += hole;
        _writeFailed.Add(hole.Lines, hole.Bytes);
    }

    private void Recovered()
    {
        _failing = false;
        _context.WardenLog.Information("Log file {Path} of {Instance} is writable again", _file.Path, _context.Instance);
        _context.Publish(new LogsWriteRecoveredEvent(StreamName, _file.Path));
    }

    private void Failed(Exception error)
    {
        _file.Close();
        _retryAt = _context.Scheduler.Monotonic + _context.Tuning.WriteRetryInterval;
        if (_failing)
        {
            return;
        }

        _failing = true;
        _writeError = error.Message;
        _context.WardenLog.Warning(
            "Cannot write log file {Path} of {Instance}: {Error}; output is dropped, counted and marked in the file, retrying every {RetrySeconds}s",
            _file.Path,
            _context.Instance,
            error.Message,
            _context.Tuning.WriteRetryInterval.TotalSeconds);
        _context.Publish(new LogsWriteFailedEvent(StreamName, _file.Path, error.Message));
    }

    /// <summary>Lines and bytes missing at one place in the file, not yet marked there.</summary>
    private readonly record struct Hole(long Lines, long Bytes)
    {
        public bool IsEmpty => Lines == 0 && Bytes == 0;

        public static Hole operator +(Hole a, Hole b) => new(a.Lines + b.Lines, a.Bytes + b.Bytes);
    }
}
