using ActorWarden.ControlPlane.Http;
using ActorWarden.Supervision.Control;

namespace ActorWarden.ControlPlane.Tests;

public sealed class SerializationTests
{
    [Fact]
    public void Printing_the_options_never_shows_the_token()
    {
        var options = new ControlPlaneOptions { Token = "super-secret-value" };

        options.ToString().Should().NotContain("super-secret-value").And.Contain("Token = (configured, redacted)");
    }

    [Fact]
    public void An_event_field_json_cannot_represent_is_sent_as_text_instead_of_breaking_the_stream()
    {
        var cyclic = new Node();
        cyclic.Next = cyclic;
        var wardenEvent = new WardenEvent(DateTimeOffset.UnixEpoch, "odd", null, null, new Dictionary<string, object?> { ["node"] = cyclic, ["n"] = 1 });

        var json = System.Text.Encoding.UTF8.GetString(WardenEventSerializer.Serialize(wardenEvent));

        json.Should().Contain("\"node\":\"cyclic node\"").And.Contain("\"n\":1");
    }

    [Fact]
    public void A_field_nested_too_deep_for_json_falls_back_to_text_for_every_field()
    {
        var selfContaining = new List<object?>();
        selfContaining.Add(selfContaining);
        var wardenEvent = new WardenEvent(DateTimeOffset.UnixEpoch, "odd", null, null, new Dictionary<string, object?> { ["list"] = selfContaining, ["n"] = 1 });

        var json = System.Text.Encoding.UTF8.GetString(WardenEventSerializer.Serialize(wardenEvent));

        using var document = System.Text.Json.JsonDocument.Parse(json);
        document.RootElement.GetProperty("event").GetString().Should().Be("odd");
        document.RootElement.GetProperty("n").GetString().Should().Be("1");
    }

    private sealed class Node
    {
        public Node? Next { get; set; }

        public override string ToString() => "cyclic node";
    }
}
