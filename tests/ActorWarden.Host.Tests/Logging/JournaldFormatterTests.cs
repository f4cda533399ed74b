using ActorWarden.Host.Logging;
using Serilog.Events;
using Serilog.Parsing;

namespace ActorWarden.Host.Tests.Logging;

public sealed class JournaldFormatterTests
{
    [Theory]
    [InlineData(LogEventLevel.Fatal, "<2>")]
    [InlineData(LogEventLevel.Error, "<3>")]
    [InlineData(LogEventLevel.Warning, "<4>")]
    [InlineData(LogEventLevel.Information, "<6>")]
    [InlineData(LogEventLevel.Debug, "<7>")]
    [InlineData(LogEventLevel.Verbose, "<7>")]
    public void Prefixes_each_line_with_the_syslog_priority(LogEventLevel level, string prefix)
    {
        Format(Event(level, "web-1 exited with code {Code}", null, ("Code", 3))).Should().Be(prefix + "web-1 exited with code 3\n");
    }

    [Fact]
    public void Strings_are_written_plain_and_every_stack_trace_line_keeps_the_prefix()
    {
        var exception = new InvalidOperationException("first\nsecond");

        var text = Format(Event(LogEventLevel.Error, "reload of {File} failed", exception, ("File", "/etc/warden.conf")));

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("<3>reload of /etc/warden.conf failed");
        lines[1].Should().Be("<3>System.InvalidOperationException: first");
        lines[2].Should().Be("<3>second");
        lines.Should().OnlyContain(line => line.StartsWith("<3>", StringComparison.Ordinal));
        text.Should().EndWith("\n").And.NotContain("\r");
    }

    private static string Format(LogEvent logEvent)
    {
        using var output = new StringWriter();
        new JournaldFormatter().Format(logEvent, output);
        return output.ToString();
    }

    private static LogEvent Event(LogEventLevel level, string template, Exception? exception, params (string Name, object Value)[] properties) =>
        new(
            DateTimeOffset.UnixEpoch,
            level,
            exception,
            new MessageTemplateParser().Parse(template),
            properties.Select(p => new LogEventProperty(p.Name, new ScalarValue(p.Value))));
}
