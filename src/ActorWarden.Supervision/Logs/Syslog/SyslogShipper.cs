using System.Net.Sockets;
using System.Threading.Channels;
using ActorWarden.Contracts.Events;

namespace ActorWarden.Supervision.Logs.Syslog;

/// <summary>
/// A bounded queue and a single sender task for one syslog target. Enqueueing never waits: when the
/// collector is down or slow the queue fills and further messages are dropped and counted. The sender
/// reconnects with exponential backoff on the actor system's scheduler; a failure is reported once per episode
/// and its recovery once, so a collector outage is two events, not one per line.
/// </summary>
internal sealed class SyslogShipper
{
    private readonly ISyslogTransport _transport;
    private readonly SyslogFormatter _formatter;
    private readonly LogShipperContext _context;
    private readonly Channel<byte[]> _queue;
    private readonly CancellationTokenSource _abort = new();
    private long _queueDropped;
    private long _sendDropped;
    private volatile bool _completing;
    private bool _failing;

    public SyslogShipper(ISyslogTransport transport, SyslogFormatter formatter, int queueLength, LogShipperContext context)
    {
        _transport = transport;
        _formatter = formatter;
        _context = context;
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(Math.Max(1, queueLength))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        Completion = Task.Run(RunAsync);
    }

    public string Target => _transport.Target;

    /// <summary>Messages dropped because the queue was full.</summary>
    public long QueueDropped => Interlocked.Read(ref _queueDropped);

    /// <summary>Messages lost in failed sends (including those still buffered when a connection broke).</summary>
    public long SendDropped => Interlocked.Read(ref _sendDropped);

    /// <summary>Completes when the sender has finished (drained, or aborted).</summary>
    public Task Completion { get; }

    /// <summary>Formats and queues one line; false (and counted) when the queue is full.</summary>
    public bool TryEnqueue(LogStream stream, int pid, DateTimeOffset timestamp, string text)
    {
        if (_queue.Writer.TryWrite(_formatter.Format(stream, pid, timestamp, text)))
        {
            return true;
        }

        Interlocked.Increment(ref _queueDropped);

        _context.Dropped();
        return false;
    }

    /// <summary>No more messages; the sender drains what it can reach and ends. Unreachable targets drop the rest at once.</summary>
    public void Complete()
    {
        _completing = true;
        _queue.Writer.TryComplete();
    }

    /// <summary>Ends the sender now (a stuck connection at shutdown); whatever is queued is counted as dropped.</summary>
    public void Abort()
    {
        Complete();
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var attempt = 0;
        var unflushed = 0;
        var token = _abort.Token;
        try
        {
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (reader.TryPeek(out var message))
                {
                    if (!_transport.IsConnected)
                    {
                        if (!await TryConnectAsync(token).ConfigureAwait(false))
                        {
                            if (_completing)
                            {
                                DropQueued(reader);
                                return;
                            }

                            await SchedulerDelay.WaitAsync(_context.Scheduler, Backoff(attempt++), token).ConfigureAwait(false);
                            continue;
                        }

                        attempt = 0;
                    }

                    reader.TryRead(out _);
                    try
                    {
                        await _transport.SendAsync(message, token).ConfigureAwait(false);
                        unflushed++;
                    }
                    catch (Exception e) when (IsTransportFailure(e))
                    {
                        Interlocked.Add(ref _sendDropped, unflushed + 1);
                        _context.Dropped();
                        unflushed = 0;
                        await FailedAsync(e).ConfigureAwait(false);
                    }
                }

                try
                {
                    await _transport.FlushAsync(token).ConfigureAwait(false);
                    if (unflushed > 0)
                    {
                        Recovered();
                    }

                    unflushed = 0;
                }
                catch (Exception e) when (IsTransportFailure(e))
                {
                    Interlocked.Add(ref _sendDropped, unflushed);
                    _context.Dropped();
                    unflushed = 0;
                    await FailedAsync(e).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Aborted, or the actor system (and with it the scheduler that times backoff) is gone.
            Interlocked.Add(ref _sendDropped, unflushed);
            _context.Dropped();
            DropQueued(reader);
        }
        finally
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
            _abort.Dispose();
        }
    }

    private async Task<bool> TryConnectAsync(CancellationToken token)
    {
        using var deadline = SchedulerDelay.After(_context.Scheduler, _context.Tuning.SyslogConnectTimeout, token);
        try
        {
            await _transport.ConnectAsync(deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (deadline.Expired && !token.IsCancellationRequested)
        {
            await FailedAsync(new TimeoutException($"connect timed out after {_context.Tuning.SyslogConnectTimeout.TotalSeconds:0.###}s")).ConfigureAwait(false);
            return false;
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            await FailedAsync(e).ConfigureAwait(false);
            return false;
        }
    }

    private void DropQueued(ChannelReader<byte[]> reader)
    {
        while (reader.TryRead(out _))
        {
            Interlocked.Increment(ref _sendDropped);
            _context.Dropped();
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var min = _context.Tuning.SyslogBackoffMin;
        var max = _context.Tuning.SyslogBackoffMax;
        var factor = Math.Pow(2, Math.Min(attempt, 30));
        return TimeSpan.FromTicks((long)Math.Min(max.Ticks, min.Ticks * factor));
    }

    private async Task FailedAsync(Exception error)
    {
        await _transport.ResetAsync().ConfigureAwait(false);
        if (_failing)
        {
            return;
        }

        _failing = true;
        _context.WardenLog.Warning(
            "Syslog target {Target} of {Instance} failed: {Error}; reconnecting with backoff, queue overflow is dropped and counted",
            _transport.Target,
            _context.Instance,
            error.Message);
        _context.Publish(new LogsShipFailedEvent(_transport.Target, error.Message));
    }

    private void Recovered()
    {
        if (!_failing)
        {
            return;
        }

        _failing = false;
        _context.WardenLog.Information("Syslog target {Target} of {Instance} reachable again", _transport.Target, _context.Instance);
        _context.Publish(new LogsShipRecoveredEvent(_transport.Target));
    }

    private static bool IsTransportFailure(Exception e) =>
        e is SocketException or IOException or ObjectDisposedException or TimeoutException;
}
