using System.Runtime.Versioning;

namespace ActorWarden.Host.Logging.EventLog;

/// <summary>The real Application log through System.Diagnostics.EventLog (ReportEvent), for one event source.</summary>
[SupportedOSPlatform("windows")]
public sealed class SystemWindowsEventLog(string source) : IWindowsEventLog
{
    public void Write(WindowsEventEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        System.Diagnostics.EventLog.WriteEntry(source, entry.Message, Type(entry.Level), entry.EventId);
    }

    private static System.Diagnostics.EventLogEntryType Type(WindowsEventLevel level) => level switch
    {
        WindowsEventLevel.Error => System.Diagnostics.EventLogEntryType.Error,
        WindowsEventLevel.Warning => System.Diagnostics.EventLogEntryType.Warning,
        _ => System.Diagnostics.EventLogEntryType.Information,
    };
}
