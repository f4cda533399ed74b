using ActorWarden.Contracts.Control;
using ActorWarden.Contracts;
using ActorWarden.ControlPlane.Http;

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
        var wardenEvent = new WardenEvent(DateTimeOffset.UnixEpoch, "odd", null, null, new Dictionary<string, object?> { ["ring"] = cyclic, ["n"] = 1 });

        var json = System.Text.Encoding.UTF8.GetString(WardenEventSerializer.Serialize(wardenEvent));

        json.Should().Contain("\"ring\":\"cyclic node\"").And.Contain("\"n\":1");
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

    [Fact]
    public void A_status_keeps_the_containment_mode_and_each_trees_cpu_time_and_tasks_through_json()
    {
        var instance = new InstanceStatus("pg", "pg", "pg", "/user/warden/pg/pg/pg", ProcessState.Running, 40, TimeSpan.FromSeconds(5), 0, null, null, "none", 30_000_000, null)
        {
            CpuTime = TimeSpan.FromMilliseconds(1500),
            Tasks = 7,
        };
        var status = new WardenStatus("/etc/w.conf", TimeSpan.FromSeconds(9), [], [instance], new WardenRuntimeStats(0, 1, 2, 3)) { Containment = "cgroup-v2" };

        var json = System.Text.Json.JsonSerializer.Serialize(status, ControlPlaneJson.Options);
        var back = System.Text.Json.JsonSerializer.Deserialize<WardenStatus>(json, ControlPlaneJson.Options)!;

        json.Should().Contain("\"containment\":\"cgroup-v2\"").And.Contain("\"cpuTime\":1.5").And.Contain("\"tasks\":7");
        back.Containment.Should().Be("cgroup-v2");
        back.Instances.Single().Should().Match<InstanceStatus>(i => i.CpuTime == TimeSpan.FromMilliseconds(1500) && i.Tasks == 7 && i.RssBytes == 30_000_000);
    }

    private sealed class Node
    {
        public Node? Next { get; set; }

        public override string ToString() => "cyclic node";
    }
}
