using System.Text.Json;
using ActorWarden.Contracts;
using ActorWarden.ControlPlane.Client.Output;
using ActorWarden.ControlPlane.Http;

namespace ActorWarden.Functional.Tests.Cli;

public sealed class IndentedJsonTests
{
    [Fact]
    public void Status_json_prints_the_answer_as_binding_and_serializing_it_again_printed_it()
    {
        var instance = new InstanceStatus("web-1", "web", "web", "/user/warden/web/web/web-1", ProcessState.Running, 41, TimeSpan.FromSeconds(3723.5), 0, null, null, "none", 1_800_000, "say \"hi\" <é> 'web' \u2603 \t")
        {
            CpuTime = TimeSpan.FromMilliseconds(1500),
            Tasks = 1,
        };
        var status = new WardenStatus("/etc/w.conf", TimeSpan.FromSeconds(9.25), [new GroupStatus("web", "one-for-one", ["web"], true)], [instance], new WardenRuntimeStats(0, 1, 2, 3)) { Containment = "cgroup-v2" };
        var before = JsonSerializer.Serialize(status, new JsonSerializerOptions(ControlPlaneJson.Options) { WriteIndented = true }) + Environment.NewLine;
        using var answer = JsonDocument.Parse(JsonSerializer.Serialize(status, ControlPlaneJson.Options));
        var output = new StringWriter();

        IndentedJson.WriteLine(answer, output);

        output.ToString().Should().Be(before);
    }
}
