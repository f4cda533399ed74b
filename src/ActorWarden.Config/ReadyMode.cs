namespace ActorWarden.Config;

/// <summary>
/// When a spawned instance counts as started (Running: dependents may start, start-retries stop
/// counting). supervisord knows only the first; systemd calls them Type=simple and Type=notify.
/// </summary>
public enum ReadyMode
{
    /// <summary>The process outlived start-seconds (supervisord startsecs).</summary>
    Started,

    /// <summary>The process sent READY=1 on its notify socket (systemd Type=notify, PM2 wait_ready).</summary>
    Notify,
}
