using System.Buffers;
using System.Text.Json;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Hosting;
using Akka.Actor;

namespace ActorWarden.Supervision.Events;

/// <summary>
/// The single writer of the JSON-lines event log. Events queue in its (unbounded) mailbox and in its
/// own pending list, so publishing never waits for the disk and no event is ever dropped: lines are
/// written in batches (a flush is requested once per burst, so a restart storm costs one write call
/// per burst, not one per event) and flushed promptly to the OS. It runs on a thread of its own (pinned
/// dispatcher): it does blocking file I/O, and a churning farm publishes thousands of events a second
/// that it must keep up with instead of taking turns with every process actor on the thread pool.
/// </summary>
/// <remarks>
/// A write error (full disk, removed folder, permissions) is reported once to the warden log; the lines
/// stay queued and the write is retried on a timer of the actor system's scheduler until it succeeds. Before retrying the
/// file is cut back to the last fully written line, so a half-written batch never leaves a broken
/// line behind. The actor never throws for I/O, so the event log cannot take the warden down.
/// </remarks>
public sealed class JsonLinesEventWriter : ReceiveActor, IWithTimers
{
    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    private const int InitialBuffer = 16 * 1024;

    private const int MaxKeptBuffer = 1024 * 1024;

    private readonly string _path;
    private readonly TimeSpan _retryInterval;
    private readonly Serilog.ILogger _log;
    /// <summary>The queued lines, back to back: buffers and a JSON writer for the actor's life, not two arrays per event.</summary>
    private ArrayBufferWriter<byte> _pending = new(InitialBuffer);
    /// <summary>One line being written; it joins <see cref="_pending"/> only whole, so an event that fails to serialize leaves no half line.</summary>
    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private readonly Utf8JsonWriter _json;
    private int _pendingCount;
    private FileStream? _stream;
    private long _committedLength = -1;
    private bool _flushQueued;
    private bool _retryScheduled;
    private bool _failing;
    private DateTimeOffset _lastStamp = DateTimeOffset.MinValue;

    private JsonLinesEventWriter(string path, TimeSpan retryInterval, Serilog.ILogger log)
    {
        _path = path;
        _retryInterval = retryInterval;
        _log = log;
        _json = new Utf8JsonWriter(_line, EventJson.WriterOptions);
        Receive<WardenEvent>(OnEvent);
        Receive<FlushPending>(_ =>
        {
            _flushQueued = false;
            TryWrite();
        });
        Receive<RetryWrite>(_ =>
        {
            _retryScheduled = false;
            TryWrite();
        });
        Receive<DrainEvents>(_ =>
        {
            TryWrite();
            Sender.Tell(new EventsDrained(_pendingCount));
        });
    }

    /// <summary>Props for the writer of <paramref name="path"/> (its folder is created when missing).</summary>
    /// <param name="path">Absolute path of the events file.</param>
    /// <param name="log">Where a write failure is reported (once per outage).</param>
    /// <param name="retryInterval">How long to wait before retrying after a write error (default 1 s).</param>
    public static Props Props(string path, Serilog.ILogger log, TimeSpan? retryInterval = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(log);
        var interval = retryInterval ?? TimeSpan.FromSeconds(1);
        return ActorProps.Of(() => new JsonLinesEventWriter(path, interval, log)).WithDispatcher(WardenAkkaIds.FoldingDispatcher);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        TryWrite();
        _stream?.Dispose();
        _stream = null;
        _json.Dispose();
    }

    /// <summary>
    /// Queues one line. Stamps are monotonic where they are taken (<see cref="EventEmitter"/>), but two
    /// actors may stamp and publish in crossed order; the file is read as a history, so a line never
    /// carries a time earlier than the line before it (it gets that line's time instead).
    /// </summary>
    private void OnEvent(WardenEvent @event)
    {
        if (@event.Ts < _lastStamp)
        {
            @event = @event with { Ts = _lastStamp };
        }

        _lastStamp = @event.Ts;
        _line.ResetWrittenCount();
        _json.Reset(_line);
        EventJson.Write(_json, @event);
        _json.Flush();
        _line.Write("\n"u8);
        _pending.Write(_line.WrittenSpan);
        _pendingCount++;
        if (!_flushQueued && !_retryScheduled)
        {
            _flushQueued = true;
            Self.Tell(FlushPending.Instance, Self);
        }
    }

    private void TryWrite()
    {
        if (_pendingCount == 0)
        {
            return;
        }

        try
        {
            var stream = _stream ??= Open();

            // One write per burst, however many events it holds.
            stream.Write(_pending.WrittenSpan);
            stream.Flush();
            _committedLength = stream.Position;
            _pendingCount = 0;
            if (_pending.Capacity > MaxKeptBuffer)
            {
                // A backlog from a long outage is not kept for the rest of the warden's life.
                _pending = new ArrayBufferWriter<byte>(InitialBuffer);
            }
            else
            {
                _pending.ResetWrittenCount();
            }

            if (_failing)
            {
                _failing = false;
                _log.Information("Event log {Path} is writable again; queued events were written", _path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            DropUnfinishedLine();
            _stream?.Dispose();
            _stream = null;
            if (!_failing)
            {
                _failing = true;
                _log.Error(ex, "Cannot write event log {Path}; {Count} events stay queued and writing is retried every {Interval}", _path, _pendingCount, _retryInterval);
            }

            if (!_retryScheduled)
            {
                _retryScheduled = true;
                Timers.StartSingleTimer(RetryWrite.Instance, RetryWrite.Instance, _retryInterval);
            }
        }
    }

    /// <summary>
    /// Cuts a line the failed write left half-written (shrinking needs no free space), so readers
    /// tailing the log never see a broken JSON object, not even while the disk is full.
    /// </summary>
    private void DropUnfinishedLine()
    {
        if (_stream is null || _committedLength < 0)
        {
            return;
        }

        try
        {
            _stream.SetLength(_committedLength);
        }
        catch (IOException)
        {
            // Open() truncates again before the next write.
        }
    }

    private FileStream Open()
    {
        var folder = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var stream = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1, FileOptions.None);
        try
        {
            if (_committedLength < 0)
            {
                // First open: append, and close a line a killed predecessor left unfinished.
                _committedLength = stream.Length;
                if (_committedLength > 0)
                {
                    stream.Seek(-1, SeekOrigin.End);
                    if (stream.ReadByte() != '\n')
                    {
                        stream.Seek(0, SeekOrigin.End);
                        stream.WriteByte((byte)'\n');
                        stream.Flush();
                        _committedLength = stream.Length;
                    }
                }
            }
            else if (stream.Length > _committedLength)
            {
                // Reopen after an error: drop the part of a batch that did not make it whole.
                stream.SetLength(_committedLength);
            }

            stream.Seek(0, SeekOrigin.End);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private sealed record FlushPending
    {
        public static FlushPending Instance { get; } = new();
    }

    private sealed record RetryWrite
    {
        public static RetryWrite Instance { get; } = new();
    }
}

/// <summary>Asks the event writer to write everything queued now; answered with <see cref="EventsDrained"/>.</summary>
public sealed record DrainEvents
{
    public static DrainEvents Instance { get; } = new();
}

/// <summary>The writer's answer to <see cref="DrainEvents"/>: how many events are still queued (0 = all on disk).</summary>
public sealed record EventsDrained(int Pending);
