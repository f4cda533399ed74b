namespace ActorWarden.Supervision.Logs;

/// <summary>Time to turn drop counters into events (from the scheduler).</summary>
internal sealed record ReportDrops
{
    public static ReportDrops Instance { get; } = new();
}
