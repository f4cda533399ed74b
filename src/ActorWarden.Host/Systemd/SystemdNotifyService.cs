using System.Globalization;
using ActorWarden.Contracts.Control;
using ActorWarden.Host.Runtime;
using Microsoft.Extensions.Hosting;

namespace ActorWarden.Host.Systemd;

/// <summary>
/// Keeps systemd informed: READY=1 once every service is up, STATUS= with live counts, RELOADING=1 …
/// READY=1 around reloads, STOPPING=1 at shutdown, and WATCHDOG=1 at half the watchdog timeout — only
/// while the root guardian answers a ping, so a wedged tree stops the pings and systemd restarts us.
/// Registered before the runtime's hosted service so it stops last and the watchdog covers the stop.
/// </summary>
internal sealed class SystemdNotifyService : IHostedService, IReloadObserver, IDisposable
{
    /// <summary>How long shutdown waits for an event stream that ignores cancellation.</summary>
    private static readonly TimeSpan LoopExitGrace = TimeSpan.FromSeconds(5);

    private readonly ISystemdNotifier _notifier;
    private readonly IWardenRuntime _runtime;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly WatchdogSettings? _watchdog;
    private readonly TimeProvider _time;
    private readonly Serilog.ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _statusGate = new(1, 1);
    private readonly List<Task> _loops = new();
    private CancellationTokenRegistration _stoppingRegistration;
    private string? _lastStatus;
    private volatile bool _ready;
    private volatile bool _reloading;
    private readonly object _sendLock = new();
    private bool _shuttingDown;

    public SystemdNotifyService(
        ISystemdNotifier notifier,
        IWardenRuntime runtime,
        IHostApplicationLifetime lifetime,
        WatchdogSettings? watchdog,
        TimeProvider time,
        Serilog.ILogger logger)
    {
        _notifier = notifier;
        _runtime = runtime;
        _lifetime = lifetime;
        _watchdog = watchdog;
        _time = time;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stoppingRegistration = _lifetime.ApplicationStopping.Register(AnnounceStopping);
        _loops.Add(Task.Run(() => ReadyThenStatusAsync(_stopping.Token), CancellationToken.None));
        if (_watchdog is not null)
        {
            _logger.Information("systemd watchdog armed: timeout {TimeoutSeconds} s, pinging every {IntervalSeconds} s", _watchdog.Timeout.TotalSeconds, _watchdog.Interval.TotalSeconds);
            _loops.Add(Task.Run(() => WatchdogAsync(_watchdog, _stopping.Token), CancellationToken.None));
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_loops).WaitAsync(LoopExitGrace, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.Warning("The systemd notification loops did not end within {GraceSeconds} s of shutdown", LoopExitGrace.TotalSeconds);
        }
    }

    public void ReloadStarting()
    {
        _reloading = true;
        var monotonicUsec = (long)((Int128)_time.GetTimestamp() * 1_000_000 / _time.TimestampFrequency);
        lock (_sendLock)
        {
            if (!_shuttingDown)
            {
                Send("RELOADING=1\nMONOTONIC_USEC=" + monotonicUsec.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    public void ReloadFinished(ControlResult? result)
    {
        _reloading = false;
        _ = AnnounceReadyAsync(_stopping.Token);
    }

    private void AnnounceStopping()
    {
        lock (_sendLock)
        {
            _shuttingDown = true;
            Send("STOPPING=1\nSTATUS=Stopping");
        }
    }

    public void Dispose()
    {
        _stoppingRegistration.Dispose();
        _stopping.Dispose();
        _statusGate.Dispose();
    }

    private async Task ReadyThenStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _runtime.WhenReady.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception ex)
        {
            Send("STATUS=Start failed: " + OneLine(ex.GetBaseException().Message));
            return;
        }

        await AnnounceReadyAsync(cancellationToken).ConfigureAwait(false);
        _ready = true;
        try
        {
            await foreach (var _ in _runtime.Control.SubscribeEvents(cancellationToken).ConfigureAwait(false))
            {
                if (!_reloading)
                {
                    await RefreshStatusAsync(prefix: null, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            _logger.Warning(ex, "The event stream feeding systemd STATUS= ended");
        }
    }

    private Task AnnounceReadyAsync(CancellationToken cancellationToken) => RefreshStatusAsync("READY=1", cancellationToken);

    private async Task RefreshStatusAsync(string? prefix, CancellationToken cancellationToken)
    {
        try
        {
            await _statusGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            string status;
            try
            {
                status = StatusLine.From(await _runtime.Control.GetStatusAsync(cancellationToken).ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.Warning(ex, "Could not read the status for systemd");
                status = _lastStatus ?? "status unavailable";
            }

            lock (_sendLock)
            {
                if (_shuttingDown)
                {
                    return;
                }

                if (prefix is not null)
                {
                    _lastStatus = status;
                    Send(prefix + "\nSTATUS=" + status);
                }
                else if (_ready && status != _lastStatus)
                {
                    _lastStatus = status;
                    Send("STATUS=" + status);
                }
            }
        }
        finally
        {
            _statusGate.Release();
        }
    }

    private async Task WatchdogAsync(WatchdogSettings watchdog, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(watchdog.Interval, _time);
        var answering = true;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var alive = await PingAsync(watchdog.PingTimeout, cancellationToken).ConfigureAwait(false);
                if (alive)
                {
                    Send("WATCHDOG=1");
                }

                if (alive != answering)
                {
                    answering = alive;
                    if (alive)
                    {
                        _logger.Information("The root guardian answers again; watchdog pings resumed");
                    }
                    else
                    {
                        _logger.Error("The root guardian did not answer within {TimeoutSeconds} s; withholding WATCHDOG=1 so systemd can restart the warden", watchdog.PingTimeout.TotalSeconds);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<bool> PingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var pingCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            return await _runtime.PingAsync(timeout, pingCancellation.Token).WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.Warning(ex, "Watchdog ping failed");
            return false;
        }
        finally
        {
            await pingCancellation.CancelAsync().ConfigureAwait(false);
        }
    }

    private void Send(string state)
    {
        if (!_notifier.Notify(state))
        {
            _logger.Warning("Could not send {State} to systemd", state.Replace('\n', ' '));
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
