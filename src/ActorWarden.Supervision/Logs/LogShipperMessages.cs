namespace ActorWarden.Supervision.Logs;

/// <summary>A line was dropped since the last report: time to schedule one (from the shipper's writers).</summary>
internal sealed record DropsSeen
{
    public static DropsSeen Instance { get; } = new();
}

/// <summary>Time to turn drop counters into events (from the scheduler).</summary>
internal sealed record ReportDrops
{
    public static ReportDrops Instance { get; } = new();
}
