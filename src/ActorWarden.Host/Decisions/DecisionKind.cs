namespace ActorWarden.Host.Decisions;

/// <summary>
/// What one line of the decision log reports. The numbers are the Windows Event Log event IDs, so an
/// operator's event-viewer filter or alert (say, on 140 for Fatal) keeps working across versions:
/// never renumber a member, only add new ones. docs/events.md lists them.
/// </summary>
public enum DecisionKind
{
    /// <summary>A line of the host itself, not about a supervision decision.</summary>
    Host = 1,

    Spawned = 100,
    Adopted = 101,
    SpawnFailed = 102,
    Running = 103,
    Ready = 104,
    StartTimeout = 105,
    ExitedExpected = 110,
    ExitedUnexpected = 111,
    Backoff = 120,
    Restarting = 121,
    Decided = 122,
    GroupRestart = 123,
    RootRestart = 124,
    Escalated = 130,
    Fatal = 140,
    GaveUp = 141,
    HealthFailing = 150,
    HealthRecovered = 151,
    HealthChecking = 152,
    MemoryExceeded = 153,
    Notice = 154,
    NotifyRefused = 155,
    MainPid = 156,
    Stopping = 160,
    Stopped = 161,
    Killed = 162,
    Signalled = 163,
    ServiceReloaded = 164,
    ServiceReloadFailed = 165,
    PreStart = 166,
    PostStop = 167,
    BindsToStop = 168,
    BindsToStart = 169,
    OrphanKilled = 170,
    OrphanAdopted = 171,
    Leftovers = 172,
    Escaped = 173,
    OomKilled = 174,
    LeftoverGroup = 175,
    WardenStarted = 200,
    WardenReady = 201,
    WardenStopping = 202,
    WardenStopped = 203,
    Command = 204,
    Reloading = 205,
    Reloaded = 206,
    ReloadFailed = 207,
    CapturedOutput = 210,
    Other = 299,
}
