using System.Runtime.Versioning;

namespace ActorWarden.Host.Logging.EventLog;

/// <summary>
/// The real Application log through System.Diagnostics.EventLog (RegisterEventSource + ReportEvent) for
/// one event source. One EventLog instance keeps its source handle open instead of registering and
/// deregistering the source for every line as the static WriteEntry does; instance members are not
/// thread-safe and Serilog calls sinks from every logging thread, so writes take a short lock.
/// </summary>
[SupportedOSPlatform("windows")]
public sealed class SystemWindowsEventLog(string source) : IWindowsEventLog, IDisposable
{
    private readonly System.Diagnostics.EventLog _log = new(SystemEventSources.LogName) { Source = source };
    private readonly object _gate = new();

    public void Write(WindowsEventEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            _log.WriteEntry(entry.Message, Type(entry.Level), entry.EventId);
        }
    }

    public void Dispose() => _log.Dispose();

    private static System.Diagnostics.EventLogEntryType Type(WindowsEventLevel level) => level switch
    {
        WindowsEventLevel.Error => System.Diagnostics.EventLogEntryType.Error,
        WindowsEventLevel.Warning => System.Diagnostics.EventLogEntryType.Warning,
        _ => System.Diagnostics.EventLogEntryType.Information,
    };
}
