namespace ActorWarden.Host.Logging.EventLog;

/// <summary>The three entry types an NSSM-style service writes to the Application log.</summary>
public enum WindowsEventLevel
{
    Information,
    Warning,
    Error,
}

/// <summary>One Application-log entry: a stable event ID per <see cref="Decisions.DecisionKind"/>, a level, the line.</summary>
public sealed record WindowsEventEntry(int EventId, WindowsEventLevel Level, string Message);
