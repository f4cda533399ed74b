using ActorWarden.Host.Decisions;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace ActorWarden.Host.Logging.EventLog;

/// <summary>
/// Serilog event → Application-log entry, as NSSM maps its own: Error for Fatal and Error (an instance
/// that entered FATAL is logged at Error), Warning for Warning (an unexpected exit), Information for the
/// rest. The event ID is the line's <see cref="DecisionKind"/>, or <see cref="DecisionKind.Host"/> for
/// the host's own lines, so filters in Event Viewer can pick out one kind.
/// </summary>
public static class WindowsEventMapping
{
    /// <summary>ReportEvent refuses strings over 31,839 characters; longer lines are cut with a marker.</summary>
    public const int MaxMessageLength = 31_000;

    /// <summary>Strings plain, as in the service log file and on the console (<c>:lj</c>).</summary>
    private static readonly MessageTemplateTextFormatter Message = new("{Message:lj}", System.Globalization.CultureInfo.InvariantCulture);

    public static WindowsEventEntry Map(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        using var rendered = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Message.Format(logEvent, rendered);
        var message = rendered.ToString();
        if (logEvent.Exception is { } exception)
        {
            message += Environment.NewLine + exception;
        }

        if (message.Length > MaxMessageLength)
        {
            message = message[..MaxMessageLength] + " [truncated]";
        }

        return new WindowsEventEntry((int)Kind(logEvent), Level(logEvent.Level), message);
    }

    public static WindowsEventLevel Level(LogEventLevel level) => level switch
    {
        LogEventLevel.Fatal or LogEventLevel.Error => WindowsEventLevel.Error,
        LogEventLevel.Warning => WindowsEventLevel.Warning,
        _ => WindowsEventLevel.Information,
    };

    private static DecisionKind Kind(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue(DecisionLog.KindProperty, out var value) && value is ScalarValue { Value: DecisionKind kind }
            ? kind
            : DecisionKind.Host;
}
