using System.Runtime.Versioning;

namespace ActorWarden.Host.Logging.EventLog;

/// <summary>Event sources in the registry (HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\&lt;source&gt;).</summary>
[SupportedOSPlatform("windows")]
public sealed class SystemEventSources : IEventSources
{
    /// <summary>The log the sources are registered in, as NSSM does.</summary>
    public const string LogName = "Application";

    public bool Exists(string source) => System.Diagnostics.EventLog.SourceExists(source);

    public void Register(string source) => System.Diagnostics.EventLog.CreateEventSource(source, LogName);

    public void Remove(string source) => System.Diagnostics.EventLog.DeleteEventSource(source);
}
