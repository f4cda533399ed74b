using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace ActorWarden.Host.Logging;

/// <summary>
/// Plain lines with sd-daemon <c>&lt;N&gt;</c> priority prefixes: journald stores the level and its own
/// timestamp, so anything more would be noise in <c>journalctl</c>. Every line of a multi-line message
/// or stack trace carries the prefix, because journald splits on newlines.
/// </summary>
public sealed class JournaldFormatter : ITextFormatter
{
    private readonly MessageTemplateTextFormatter _message = new("{Message:lj}{NewLine}{Exception}", System.Globalization.CultureInfo.InvariantCulture);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);
        var prefix = "<" + Priority(logEvent.Level) + ">";
        using var rendered = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        _message.Format(logEvent, rendered);
        foreach (var line in rendered.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
        {
            output.Write(prefix);
            output.Write(line);
            output.Write('\n');
        }
    }

    /// <summary>syslog priorities: 2 crit, 3 err, 4 warning, 6 info, 7 debug.</summary>
    public static int Priority(LogEventLevel level) => level switch
    {
        LogEventLevel.Fatal => 2,
        LogEventLevel.Error => 3,
        LogEventLevel.Warning => 4,
        LogEventLevel.Information => 6,
        _ => 7,
    };
}
