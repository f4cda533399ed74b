using ActorWarden.Host.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace ActorWarden.Host.Tests.Logging;

/// <summary>Akka's routine lines stay out of the warden's log unless it is verbose; everything else of Akka's passes.</summary>
public sealed class AkkaRoutineLinesTests
{
    private const string SuspendDeadLetter =
        "Message [Suspend] from [akka://actorwarden/user/warden/web/web/web-2/health-1#1654756595] to [akka://actorwarden/user/warden/web/web/web-2/health-1#1654756595] was not delivered. [1] dead letters encountered. If this is not an expected behavior then [akka://actorwarden/user/warden/web/web/web-2/health-1#1654756595] may have terminated unexpectedly. This logging can be turned off or adjusted with configuration settings 'akka.log-dead-letters' and 'akka.log-dead-letters-during-shutdown'. Message content: <Suspend>";

    private const string DomainDeadLetter =
        "Message [StandDown] from [akka://actorwarden/user/warden] to [akka://actorwarden/user/warden/web/web/web-2] was not delivered. [3] dead letters encountered. Message content: StandDown { }";

    [Theory]
    [InlineData(SuspendDeadLetter, true)]
    [InlineData("Message [Resume] from [akka://a/b] to [akka://a/b] was not delivered. [2] dead letters encountered.", true)]
    [InlineData("CoordinatedShutdown invoked due to [Reason:Akka.Actor.CoordinatedShutdown+ClrExitReason]. Exiting with [ExitCode:0].", true)]
    [InlineData(DomainDeadLetter, false)]
    [InlineData("[11] dead letters encountered, of which 1 were not logged. The counter will be reset now", false)]
    [InlineData("Refused state transition Running -> Starting of web-1 (bug)", false)]
    public void Only_system_message_dead_letters_and_akkas_exit_line_are_routine(string text, bool routine)
    {
        AkkaRoutineLines.IsRoutine(Event(text)).Should().Be(routine);
    }

    [Fact]
    public void The_akka_logger_drops_routine_lines_at_information_and_keeps_them_when_verbose()
    {
        var quiet = Through(LogEventLevel.Information);
        var verbose = Through(LogEventLevel.Debug);

        quiet.Should().Equal(DomainDeadLetter);
        verbose.Should().Equal(SuspendDeadLetter, DomainDeadLetter);
    }

    private static List<string> Through(LogEventLevel level)
    {
        var sink = new Collecting();
        using var warden = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger();
        var akka = AkkaRoutineLines.For(warden, level);
        akka.Information("{Message:l}", SuspendDeadLetter);
        akka.Information("{Message:l}", DomainDeadLetter);
        return sink.Lines;
    }

    private static LogEvent Event(string text) =>
        new(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, new Serilog.Parsing.MessageTemplateParser().Parse("{Message:l}"), [new LogEventProperty("Message", new ScalarValue(text))]);

    private sealed class Collecting : ILogEventSink
    {
        public List<string> Lines { get; } = [];

        public void Emit(LogEvent logEvent) => Lines.Add(logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
