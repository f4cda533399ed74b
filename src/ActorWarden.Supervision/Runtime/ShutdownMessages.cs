namespace ActorWarden.Supervision.Runtime;

/// <summary>Stop the warden: every service in reverse dependency order within <paramref name="Timeout"/>, then the system.</summary>
/// <param name="Timeout">How long services may take to stop before what is left is killed; zero or less forces.</param>
/// <param name="Reason">What the warden-stopping event says.</param>
public sealed record BeginShutdown(TimeSpan Timeout, string Reason) : Hosting.IControlMessage;

/// <summary>A second Ctrl+C or SIGTERM: kill what is left now, even during a graceful stop under way.</summary>
public sealed record ForceShutdown : Hosting.IControlMessage
{
    public static ForceShutdown Instance { get; } = new();
}

/// <summary>The services had their stop timeout; whatever is left is killed.</summary>
internal sealed record ShutdownTimedOut
{
    public static ShutdownTimedOut Instance { get; } = new();
}

/// <summary>The event log and state file had their drain time; the system ends with what they wrote.</summary>
internal sealed record DrainTimedOut
{
    public static DrainTimedOut Instance { get; } = new();
}
