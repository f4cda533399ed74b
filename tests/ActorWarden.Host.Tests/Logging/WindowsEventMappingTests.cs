using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Host.Decisions;
using ActorWarden.Host.Logging.EventLog;
using Serilog.Events;
using Serilog;
using static ActorWarden.Host.Tests.Decisions.Events;

namespace ActorWarden.Host.Tests.Logging;

/// <summary>The warden's lines as Windows Application-log entries: NSSM's levels and one stable event ID per kind.</summary>
public sealed class WindowsEventMappingTests
{
    [Theory]
    [InlineData(LogEventLevel.Fatal, WindowsEventLevel.Error)]
    [InlineData(LogEventLevel.Error, WindowsEventLevel.Error)]
    [InlineData(LogEventLevel.Warning, WindowsEventLevel.Warning)]
    [InlineData(LogEventLevel.Information, WindowsEventLevel.Information)]
    [InlineData(LogEventLevel.Debug, WindowsEventLevel.Information)]
    public void Levels_map_as_nssm_maps_them(LogEventLevel level, WindowsEventLevel expected)
    {
        WindowsEventMapping.Level(level).Should().Be(expected);
    }

    [Fact]
    public void Fatal_is_an_error_with_event_id_140_and_an_unexpected_exit_a_warning_with_111()
    {
        var entries = Through(
            Make("crasher", "crasher", new FatalEvent("too many", null)),
            Exited(T0, "crasher"),
            Make("crasher", "crasher", new StartedEvent(11, "/bin/false", [], false)));

        entries.Should().Equal(
            new WindowsEventEntry(140, WindowsEventLevel.Error, "gave up: crasher entered FATAL state, too many"),
            new WindowsEventEntry(111, WindowsEventLevel.Warning, "exited: crasher (exit status 1; not expected)"),
            new WindowsEventEntry(100, WindowsEventLevel.Information, "spawned: 'crasher' with pid 11"));
    }

    [Fact]
    public void Event_ids_are_stable_numbers_that_never_change_meaning()
    {
        // Operators filter and alert on these in Event Viewer; docs/events.md lists them. Renumbering breaks them.
        ((int)DecisionKind.Host).Should().Be(1);
        ((int)DecisionKind.Spawned).Should().Be(100);
        ((int)DecisionKind.SpawnFailed).Should().Be(102);
        ((int)DecisionKind.ExitedExpected).Should().Be(110);
        ((int)DecisionKind.ExitedUnexpected).Should().Be(111);
        ((int)DecisionKind.Backoff).Should().Be(120);
        ((int)DecisionKind.Escalated).Should().Be(130);
        ((int)DecisionKind.Fatal).Should().Be(140);
        ((int)DecisionKind.GaveUp).Should().Be(141);
        ((int)DecisionKind.HealthFailing).Should().Be(150);
        ((int)DecisionKind.HealthRecovered).Should().Be(151);
        ((int)DecisionKind.Killed).Should().Be(162);
        ((int)DecisionKind.OrphanKilled).Should().Be(170);
        ((int)DecisionKind.OrphanAdopted).Should().Be(171);
        Enum.GetValues<DecisionKind>().Select(k => (int)k).Should().OnlyHaveUniqueItems().And.OnlyContain(id => id > 0 && id < 1000);
    }

    [Fact]
    public void The_hosts_own_lines_get_event_id_1_and_keep_their_exception()
    {
        var sink = new EntrySink();
        var logger = new LoggerConfiguration().WriteTo.Sink(new EventLogSink(sink)).CreateLogger();

        logger.Error(new InvalidOperationException("boom"), "Reload of {File} failed", "C:\\w.conf");

        var entry = sink.Entries.Should().ContainSingle().Subject;
        entry.EventId.Should().Be(1);
        entry.Level.Should().Be(WindowsEventLevel.Error);
        entry.Message.Should().StartWith("Reload of C:\\w.conf failed" + Environment.NewLine + "System.InvalidOperationException: boom");
    }

    [Fact]
    public void A_line_longer_than_report_event_accepts_is_cut_with_a_marker()
    {
        var sink = new EntrySink();
        new LoggerConfiguration().WriteTo.Sink(new EventLogSink(sink)).CreateLogger().Information("{Text:l}", new string('x', 40_000));

        sink.Entries.Single().Message.Should().HaveLength(WindowsEventMapping.MaxMessageLength + " [truncated]".Length).And.EndWith(" [truncated]");
    }

    [Fact]
    public void A_refused_write_is_reported_once_and_later_lines_are_still_tried()
    {
        var sink = new EntrySink { Failure = new InvalidOperationException("The source 'warden' is not registered") };
        var failures = new List<Exception>();
        var logger = new LoggerConfiguration().WriteTo.Sink(new EventLogSink(sink, failures.Add)).CreateLogger();

        logger.Information("one");
        logger.Information("two");

        failures.Should().ContainSingle().Which.Message.Should().Contain("not registered");
        sink.Attempts.Should().Be(2);
    }

    [Fact]
    public void Disposing_the_logger_closes_the_event_log()
    {
        var sink = new EntrySink();
        var logger = new LoggerConfiguration().WriteTo.Sink(new EventLogSink(sink)).CreateLogger();

        logger.Dispose();

        sink.Disposed.Should().BeTrue();
    }

    private static IReadOnlyList<WindowsEventEntry> Through(params Contracts.Control.WardenEvent[] events)
    {
        var sink = new EntrySink();
        using var decisions = new DecisionLog(new LoggerConfiguration().WriteTo.Sink(new EventLogSink(sink)).CreateLogger());
        foreach (var e in events)
        {
            decisions.Publish(e);
        }

        return sink.Entries;
    }

    private sealed class EntrySink : IWindowsEventLog, IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;

        public List<WindowsEventEntry> Entries { get; } = new();

        public Exception? Failure { get; init; }

        public int Attempts { get; private set; }

        public void Write(WindowsEventEntry entry)
        {
            Attempts++;
            if (Failure is not null)
            {
                throw Failure;
            }

            Entries.Add(entry);
        }
    }
}
