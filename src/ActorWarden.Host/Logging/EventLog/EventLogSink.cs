using Serilog.Core;
using Serilog.Events;

namespace ActorWarden.Host.Logging.EventLog;

/// <summary>
/// Writes the warden's log to the Windows Application log under the SCM, beside the service log file.
/// A failed write (the source was never registered and the service may not create it) is reported once
/// through <paramref name="onFailure"/> and later lines are still tried, so the file keeps everything.
/// Disposed with the logger, it disposes the event log it writes to.
/// </summary>
public sealed class EventLogSink(IWindowsEventLog log, Action<Exception>? onFailure = null) : ILogEventSink, IDisposable
{
    private int _failed;

    public void Emit(LogEvent logEvent)
    {
        try
        {
            log.Write(WindowsEventMapping.Map(logEvent));
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Security.SecurityException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or ArgumentException)
        {
            if (Interlocked.Exchange(ref _failed, 1) == 0)
            {
                onFailure?.Invoke(ex);
            }
        }
    }

    public void Dispose() => (log as IDisposable)?.Dispose();
}
