using System.Globalization;
using Serilog.Events;

namespace ActorWarden.Host.Decisions;

/// <summary>The count of lines a window held back, written once the window closes.</summary>
/// <param name="Kind">What the held-back lines reported.</param>
/// <param name="Subject">Whom they concerned.</param>
/// <param name="Level">The loudest level among them, so a summary of errors is an error.</param>
/// <param name="Suppressed">How many were held back.</param>
/// <param name="Window">The window's length.</param>
public sealed record FloodSummary(DecisionKind Kind, string Subject, LogEventLevel Level, long Suppressed, TimeSpan Window)
{
    /// <summary><c>… and 1,234 more exited events for crasher in the last 10 s</c>.</summary>
    public DecisionLine ToLine() => new(
        Kind,
        Level,
        Subject,
        string.Create(CultureInfo.InvariantCulture, $"… and {Phrases.Count(Suppressed)} more {Label(Kind)} events for {Subject} in the last {Phrases.Duration(Window)}"));

    private static string Label(DecisionKind kind) => kind switch
    {
        DecisionKind.ExitedExpected or DecisionKind.ExitedUnexpected => "exited",
        DecisionKind.SpawnFailed => "spawn-failed",
        DecisionKind.HealthFailing => "health-failing",
        DecisionKind.HealthRecovered => "health-recovered",
        DecisionKind.OrphanKilled or DecisionKind.OrphanAdopted => "orphan",
        DecisionKind.CapturedOutput => "captured-output",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
