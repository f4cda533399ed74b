namespace ActorWarden.Supervision.Logs;

/// <summary>Which of a child's output streams a line came from; each has its own file, buffer and syslog severity.</summary>
public enum LogStream
{
    /// <summary>Standard output: <c>.out.log</c>, syslog severity info.</summary>
    Stdout,

    /// <summary>Standard error: <c>.err.log</c>, syslog severity err.</summary>
    Stderr,
}
