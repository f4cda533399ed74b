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

        json.Should().Contain("\"node\":\"cyclic node\"").And.Contain("\"n\":\"1\"");
    }

    private sealed class Node
    {
        public Node? Next { get; set; }

        public override string ToString() => "cyclic node";
    }
}
