using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Host.Decisions;
using ActorWarden.Host.Logging;
using ActorWarden.Host.Tests.Fakes;
using Serilog.Events;
using Serilog;
using static ActorWarden.Host.Tests.Decisions.Events;

namespace ActorWarden.Host.Tests.Decisions;

/// <summary>The observer end to end: events in, lines of the warden's Serilog log out.</summary>
public sealed class DecisionLogTests
{
    private readonly TestLog _log = new();

    [Fact]
    public void A_crasher_going_fatal_reads_like_supervisord_in_the_wardens_log()
    {
        using var decisions = new DecisionLog(_log.Logger);

        decisions.Publish(Make("crasher", "crasher", new StartedEvent(11, "/bin/false", [], false)));
        decisions.Publish(Exited(T0.AddMilliseconds(10), "crasher"));
        decisions.Publish(Make("crasher", "crasher", new StateEvent(ProcessState.Starting, ProcessState.Fatal, "x")));
        decisions.Publish(At(T0.AddMilliseconds(20), "crasher", "crasher", new FatalEvent("exit code 1; 3 failed starts in a row (start-retries = 3); fatal-retry = off", null)));

        _log.Lines.Should().Equal(
            "Information: spawned: 'crasher' with pid 11",
            "Warning: exited: crasher (exit status 1; not expected)",
            "Error: gave up: crasher entered FATAL state, exit code 1; 3 failed starts in a row (start-retries = 3); fatal-retry = off");
    }

    [Fact]
    public void Lines_below_the_loggers_level_are_not_written_and_do_not_use_up_the_burst()
    {
        var lines = new TestLog();
        var logger = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Logger(lines.Logger).CreateLogger();
        using var decisions = new DecisionLog(logger, limit: new FloodLimit(1, TimeSpan.FromSeconds(10)));

        decisions.Publish(Make("web", "web-1", new StoppingEvent(9, "SIGTERM", 1000L, "x")));
        decisions.Publish(Make("web", "web-1", new HealthEvent(HealthState.Starting, "x")));

        lines.Lines.Should().BeEmpty();
    }

    [Fact]
    public void A_flood_is_summarised_with_its_count_when_the_window_passes_never_silenced()
    {
        using var decisions = new DecisionLog(_log.Logger, limit: new FloodLimit(2, TimeSpan.FromSeconds(10)));

        for (var i = 0; i < 1236; i++)
        {
            decisions.Publish(Exited(T0.AddMilliseconds(i), "crasher"));
        }

        decisions.Publish(Make("web", "web-1", new StartedEvent(5, "/bin/web", [], false)) with { Ts = T0.AddSeconds(10) });

        _log.Lines.Should().Equal(
            "Warning: exited: crasher (exit status 1; not expected)",
            "Warning: exited: crasher (exit status 1; not expected)",
            "Warning: … and 1,234 more exited events for crasher in the last 10 s",
            "Information: spawned: 'web-1' with pid 5");
    }

    [Fact]
    public void The_clock_reports_a_flood_that_stopped_without_any_later_event()
    {
        var clock = new ManualTimeProvider();
        var start = clock.GetUtcNow();
        using var decisions = new DecisionLog(_log.Logger, limit: new FloodLimit(1, TimeSpan.FromSeconds(10)), clock: clock);
        decisions.Publish(Exited(start, "crasher"));
        decisions.Publish(Exited(start.AddSeconds(1), "crasher"));
        decisions.Publish(Exited(start.AddSeconds(2), "crasher"));

        clock.Advance(TimeSpan.FromSeconds(10));

        _log.Lines.Should().Equal(
            "Warning: exited: crasher (exit status 1; not expected)",
            "Warning: … and 2 more exited events for crasher in the last 10 s");
    }

    [Fact]
    public void Warden_stopped_reports_every_count_still_held()
    {
        using var decisions = new DecisionLog(_log.Logger, limit: new FloodLimit(1, TimeSpan.FromSeconds(10)));
        decisions.Publish(Exited(T0, "crasher"));
        decisions.Publish(Exited(T0, "crasher"));

        decisions.Publish(Make(null, null, new WardenStoppedEvent(0, 0)));

        _log.Lines.Should().Equal(
            "Warning: exited: crasher (exit status 1; not expected)",
            "Warning: … and 1 more exited events for crasher in the last 10 s",
            "Information: warden stopped with exit code 0");
    }

    [Fact]
    public void Health_that_comes_back_after_failing_is_logged_as_recovered()
    {
        using var decisions = new DecisionLog(_log.Logger);

        decisions.Publish(Make("web", "web-1", new HealthEvent(HealthState.Healthy, "200")));
        decisions.Publish(Make("web", "web-1", new HealthEvent(HealthState.Unhealthy, "503")));
        decisions.Publish(Make("web", "web-1", new HealthEvent(HealthState.Healthy, "200")));

        _log.Lines.Where(l => !l.StartsWith("Debug", StringComparison.Ordinal)).Should().Equal(
            "Information: health: web-1 is healthy: 200",
            "Warning: health: web-1 is failing its check: 503",
            "Information: health: web-1 recovered: 200");
    }

    [Fact]
    public void Expected_exits_follow_the_success_exit_codes_of_the_settings_in_force()
    {
        var settings = new WardenSettings { Services = [new ServiceSpec { Name = "batch", Command = "/bin/batch", SuccessExitCodes = [0, 3] }] };
        using var decisions = new DecisionLog(_log.Logger, SuccessExits.From(() => settings));

        decisions.Publish(Exited(T0, "batch", code: 3));
        decisions.Publish(Exited(T0, "other", code: 3));

        _log.Lines.Should().Equal(
            "Information: exited: batch (exit status 3; expected)",
            "Warning: exited: other (exit status 3; not expected)");
    }

    [Theory]
    [InlineData("fatal", "<3>gave up: crasher entered FATAL state, too many")]
    [InlineData("exited", "<4>exited: crasher (exit status 1; not expected)")]
    [InlineData("started", "<6>spawned: 'crasher' with pid 11")]
    [InlineData("gave-up", "<2>gave up: group 'crashers', the warden exits with code 3 (on-give-up = exit): too many")]
    public void Under_systemd_each_decision_carries_its_journald_priority(string name, string expected)
    {
        using var output = new StringWriter();
        var journald = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new TextSink(new JournaldFormatter(), output)).CreateLogger();
        using var decisions = new DecisionLog(journald);

        decisions.Publish(name switch
        {
            "fatal" => Make("crasher", "crasher", new FatalEvent("too many", null)),
            "exited" => Exited(T0, "crasher"),
            "started" => Make("crasher", "crasher", new StartedEvent(11, "/bin/false", [], false)),
            _ => Make(null, null, new GaveUpEvent("crashers", "exit", 3, "too many")),
        });

        output.ToString().Should().Be(expected + "\n");
    }

    [Fact]
    public void Each_line_carries_its_kind_for_the_windows_event_id()
    {
        var sink = new CapturingSink();
        using var decisions = new DecisionLog(new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger());

        decisions.Publish(Make("crasher", "crasher", new FatalEvent("too many", null)));

        sink.Events.Should().ContainSingle().Which.Properties[DecisionLog.KindProperty].Should().Be(new ScalarValue(DecisionKind.Fatal));
    }

    private sealed class TextSink(Serilog.Formatting.ITextFormatter formatter, TextWriter output) : Serilog.Core.ILogEventSink
    {
        public void Emit(LogEvent logEvent) => formatter.Format(logEvent, output);
    }

    private sealed class CapturingSink : Serilog.Core.ILogEventSink
    {
        public List<LogEvent> Events { get; } = new();

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
