using System.Text.Json;
using ActorWarden.Contracts.Control;
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
    public void Warden_level_events_leave_out_service_and_instance_and_text_stays_valid_json()
    {
        var @event = new WardenEvent(DateTimeOffset.UnixEpoch, "reload-failed", null, null, new Dictionary<string, object?> { ["error"] = "line\nbreak \u0001 and ünïcode" });

        using var document = JsonDocument.Parse(EventJson.ToJson(@event));

        document.RootElement.TryGetProperty("service", out _).Should().BeFalse();
        document.RootElement.GetProperty("error").GetString().Should().Be("line\nbreak \u0001 and ünïcode");
    }
}
