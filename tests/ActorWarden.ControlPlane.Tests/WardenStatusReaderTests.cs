using System.Collections;
using System.Text.Json;
using ActorWarden.Contracts;
using ActorWarden.ControlPlane.Client;
using ActorWarden.ControlPlane.Http;

namespace ActorWarden.ControlPlane.Tests;

public sealed class WardenStatusReaderTests
{
    /// <summary>Every property of every record set to something other than its default, so a property the reader forgets shows.</summary>
    private static WardenStatus Full() =>
        new("/etc/w.conf", TimeSpan.FromSeconds(93784.125), [new GroupStatus("g", "rest-for-one", ["web", "db"], true)],
            [
                new InstanceStatus("web-1", "web", "g", "/user/warden/g/web/web-1", ProcessState.Backoff, 41, TimeSpan.FromMilliseconds(2500), 3, 7, 9, "unhealthy", 30_000_000_000, "exited too quickly \"quoted\" <é>")
                {
                    CpuTime = TimeSpan.FromMilliseconds(1500),
                    Tasks = 4,
                    LogDrops = [new LogDropCount("stderr", "rate-limit", 12, 3400)],
                    Node = "10.0.0.2:4053",
                },
            ],
            new WardenRuntimeStats(5, 6_000_000_000, 7_000_000_000, 8)
            {
                AllocatedBytes = 9_000_000_000,
                Collections = [10, 11, 12],
                Stages = [new StageCost("spawn", 13_000_000_000, 14, 15), new StageCost("actor ProcessActor", 16, 17, 18)],
            })
        {
            Containment = "cgroup-v2",
            Nodes = [new ClusterNodeStatus("10.0.0.2:4053", "up", true, true, true)],
        };

    [Fact]
    public void The_reader_gets_back_every_property_the_server_writes()
    {
        var status = Full();
        AllSet(status, "status");
        var json = JsonSerializer.SerializeToUtf8Bytes(status, ControlPlaneJson.Options);

        var back = WardenStatusReader.Read(json);

        back.Should().BeEquivalentTo(status, o => o.RespectingRuntimeTypes());
    }

    [Theory]
    [InlineData(ProcessState.Stopped)]
    [InlineData(ProcessState.Starting)]
    [InlineData(ProcessState.Running)]
    [InlineData(ProcessState.Backoff)]
    [InlineData(ProcessState.Stopping)]
    [InlineData(ProcessState.Exited)]
    [InlineData(ProcessState.Fatal)]
    public void Every_state_reads_back(ProcessState state)
    {
        var status = Full() with { Instances = [Full().Instances[0] with { State = state }] };
        var json = JsonSerializer.SerializeToUtf8Bytes(status, ControlPlaneJson.Options);

        WardenStatusReader.Read(json).Instances[0].State.Should().Be(state);
    }

    [Fact]
    public void Missing_optional_parts_read_as_null_as_the_server_leaves_them_out()
    {
        var status = Full() with { Instances = [Full().Instances[0] with { LogDrops = null, Node = null, Pid = null, Uptime = null }] };
        status = status with { Nodes = null, Containment = null, Runtime = status.Runtime with { Stages = null } };
        var json = JsonSerializer.SerializeToUtf8Bytes(status, ControlPlaneJson.Options);

        var back = WardenStatusReader.Read(json);

        back.Should().BeEquivalentTo(status, o => o.RespectingRuntimeTypes());
    }

    [Theory]
    [InlineData("""{"instances":[{"name":"a","state":"sleeping"}]}""", "unknown state 'sleeping' of instance 'a'")]
    [InlineData("""{"instances":[{"name":"a","state":"running","pid":"12"}]}""", "'pid' is String, expected Number")]
    [InlineData("""{"instances":{}}""", "'instances' is Object, expected Array")]
    [InlineData("""{"instances":[{"state":"sleeping","name":"a"}]}""", "unknown state 'sleeping' of instance 'a'")]
    [InlineData("""{"groups":[{"name":"g","implicit":"yes"}]}""", "'implicit' is String, expected true or false")]
    [InlineData("""[]""", "'status' is Array, expected Object")]
    public void A_malformed_status_is_a_json_error_that_names_what(string json, string message)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);

        var act = () => WardenStatusReader.Read(bytes);

        act.Should().Throw<JsonException>().WithMessage(message);
    }

    [Fact]
    public void Properties_this_client_does_not_know_are_passed_over_whatever_they_hold()
    {
        var json = """{"future":{"x":[1,{"y":[2,3]}],"z":"w"},"instances":[{"extra":[{"q":null}],"name":"a","state":"running","later":{"p":1}}],"uptime":1.5}"""u8.ToArray();

        var status = WardenStatusReader.Read(json);

        status.Instances.Should().ContainSingle().Which.Name.Should().Be("a");
        status.Instances[0].State.Should().Be(ProcessState.Running);
        status.Uptime.Should().Be(TimeSpan.FromSeconds(1.5));
    }

    private static void AllSet(object value, string path)
    {
        foreach (var property in value.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"))
        {
            var v = property.GetValue(value);
            var where = $"{path}.{property.Name}";
            v.Should().NotBeNull(where);
            if (v!.GetType().IsValueType)
            {
                v.Should().NotBe(Activator.CreateInstance(v.GetType()), $"{where} is its default");
            }

            if (v is IEnumerable items and not string)
            {
                var list = items.Cast<object>().ToList();
                list.Should().NotBeEmpty(where);
                foreach (var item in list.Where(i => i is not string))
                {
                    AllSet(item, where);
                }
            }
            else if (v is not string && !v.GetType().IsPrimitive && !v.GetType().IsEnum && v is not TimeSpan)
            {
                AllSet(v, where);
            }
        }
    }
}
