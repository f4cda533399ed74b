using System.Text.Json;
using ActorWarden.Contracts.Control;
using CsCheck;
using ActorWarden.Contracts.Events;

namespace ActorWarden.Supervision.Tests.Events;

public sealed class EventJsonTests
{
    [Fact]
    public void An_event_is_one_line_with_timestamp_name_service_instance_then_its_fields_in_order()
    {
        var @event = new WardenEvent(
            new DateTimeOffset(2026, 11, 21, 10, 30, 0, 123, TimeSpan.FromHours(2)),
            "exited",
            "web",
            "web-2",
            new Dictionary<string, object?> { ["pid"] = 4242, ["code"] = null, ["signal"] = 9, ["ran_for_ms"] = 1500L, ["failed_start"] = false, ["args"] = new[] { "-c", "x\"y" } });

        var line = EventJson.ToLine(@event);

        line[^1].Should().Be((byte)'\n');
        EventJson.ToJson(@event).Should().Be(
            "{\"ts\":\"2026-11-21T08:30:00.123Z\",\"event\":\"exited\",\"service\":\"web\",\"instance\":\"web-2\",\"pid\":4242,\"code\":null,\"signal\":9,\"ran_for_ms\":1500,\"failed_start\":false,\"args\":[\"-c\",\"x\\\"y\"]}");
    }

    [Fact]
    public void The_timestamp_written_digit_by_digit_is_the_one_the_format_string_gives_for_any_instant()
    {
        var day = TimeSpan.TicksPerDay;
        Gen.Select(Gen.Long[DateTime.MinValue.Ticks + day, DateTime.MaxValue.Ticks - day], Gen.Int[-14 * 60, 14 * 60]).Sample((ticks, offsetMinutes) =>
        {
            var ts = new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));
            using var document = JsonDocument.Parse(EventJson.ToJson(new WardenEvent(ts, "started", null, null, new Dictionary<string, object?>())));
            document.RootElement.GetProperty("ts").GetString().Should().Be(EventJson.FormatTimestamp(ts));
        }, iter: 20_000);

        EventJson.ToJson(new WardenEvent(DateTimeOffset.MinValue, "started", null, null, new Dictionary<string, object?>())).Should().StartWith("{\"ts\":\"0001-01-01T00:00:00.000Z\"");
        EventJson.ToJson(new WardenEvent(DateTimeOffset.MaxValue, "started", null, null, new Dictionary<string, object?>())).Should().StartWith("{\"ts\":\"9999-12-31T23:59:59.999Z\"");
    }

    [Fact]
    public void Warden_level_events_leave_out_service_and_instance_and_text_stays_valid_json()
    {
        var @event = new WardenEvent(DateTimeOffset.UnixEpoch, "reload-failed", null, null, new Dictionary<string, object?> { ["error"] = "line\nbreak \u0001 and ünïcode" });

        using var document = JsonDocument.Parse(EventJson.ToJson(@event));

        document.RootElement.TryGetProperty("service", out _).Should().BeFalse();
        document.RootElement.GetProperty("error").GetString().Should().Be("line\nbreak \u0001 and ünïcode");
    }
}
