using System.Text.Json;
using ActorWarden.Contracts.Control;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Tests.Fakes;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Serilog.Core;
using Serilog.Events;

namespace ActorWarden.Supervision.Tests.Events;

public sealed class JsonLinesEventWriterTests : VirtualTimeTestKit, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("warden-events-").FullName;
    private readonly CountingSink _errors = new();

    private Serilog.ILogger WardenLog => new Serilog.LoggerConfiguration().WriteTo.Sink(_errors).CreateLogger();

    private static WardenEvent Event(int n) =>
        new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(n), "state", "web", "web-1", new Dictionary<string, object?> { ["n"] = n });

    [Fact]
    public void Every_event_becomes_one_json_line_in_a_folder_created_on_demand()
    {
        var path = Path.Combine(_folder, "nested", "deeper", "events.jsonl");
        var writer = ActorOf(JsonLinesEventWriter.Props(path, WardenLog));

        for (var i = 0; i < 500; i++)
        {
            writer.Tell(Event(i));
        }

        writer.Tell(DrainEvents.Instance, TestActor);
        RunUntilIdle();

        ExpectMsg<EventsDrained>().Pending.Should().Be(0);
        var lines = File.ReadAllLines(path);
        lines.Should().HaveCount(500);
        lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("n").GetInt32()).Should().Equal(Enumerable.Range(0, 500));
    }

    [Fact]
    public void A_line_never_carries_a_time_earlier_than_the_line_before_it()
    {
        var path = Path.Combine(_folder, "events.jsonl");
        var writer = ActorOf(JsonLinesEventWriter.Props(path, WardenLog));

        // Two actors stamped 5 and 3 ms but published in crossed order.
        foreach (var n in new[] { 1, 5, 3, 7 })
        {
            writer.Tell(Event(n));
        }

        writer.Tell(DrainEvents.Instance, TestActor);
        RunUntilIdle();

        ExpectMsg<EventsDrained>().Pending.Should().Be(0);
        var lines = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        lines.Select(l => l.GetProperty("n").GetInt32()).Should().Equal(1, 5, 3, 7);
        lines.Select(l => l.GetProperty("ts").GetDateTimeOffset().Millisecond).Should().Equal(1, 5, 5, 7);
    }

    [Fact]
    public void A_write_error_is_reported_once_and_no_event_is_lost_when_the_disk_recovers()
    {
        var blocker = Path.Combine(_folder, "logs");
        File.WriteAllText(blocker, "a file where the folder should be");
        var path = Path.Combine(blocker, "events.jsonl");
        var writer = ActorOf(JsonLinesEventWriter.Props(path, WardenLog, TimeSpan.FromSeconds(1)));

        for (var i = 0; i < 10; i++)
        {
            writer.Tell(Event(i));
            Time.Advance(TimeSpan.FromSeconds(3));
        }

        writer.Tell(DrainEvents.Instance, TestActor);
        RunUntilIdle();
        ExpectMsg<EventsDrained>().Pending.Should().Be(10);
        _errors.Errors.Should().Be(1);

        File.Delete(blocker);
        Time.Advance(TimeSpan.FromSeconds(1));

        File.ReadAllLines(path).Should().HaveCount(10);
    }

    [Fact]
    public void A_line_left_unfinished_by_a_killed_predecessor_is_closed_before_new_events()
    {
        var path = Path.Combine(_folder, "events.jsonl");
        File.WriteAllText(path, "{\"ts\":\"2025-01-01T00:00:00.000Z\",\"event\":\"state\"}\n{\"ts\":\"2025-01-01T00:00:00.001Z\",\"ev");
        var writer = ActorOf(JsonLinesEventWriter.Props(path, WardenLog));

        writer.Tell(Event(1));
        writer.Tell(DrainEvents.Instance, TestActor);
        RunUntilIdle();
        ExpectMsg<EventsDrained>();

        var lines = File.ReadAllLines(path);
        lines.Should().HaveCount(3);
        JsonDocument.Parse(lines[2]).RootElement.GetProperty("n").GetInt32().Should().Be(1);
    }

    public new void Dispose()
    {
        base.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class CountingSink : ILogEventSink
    {
        private int _errors;

        public int Errors => Volatile.Read(ref _errors);

        public void Emit(LogEvent logEvent)
        {
            if (logEvent.Level >= LogEventLevel.Error)
            {
                Interlocked.Increment(ref _errors);
            }
        }
    }
}
