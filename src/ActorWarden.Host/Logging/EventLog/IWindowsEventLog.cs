namespace ActorWarden.Host.Logging.EventLog;

/// <summary>The Application log of one event source; the seam that keeps the real ReportEvent out of unit tests.</summary>
public interface IWindowsEventLog
{
    void Write(WindowsEventEntry entry);
}
