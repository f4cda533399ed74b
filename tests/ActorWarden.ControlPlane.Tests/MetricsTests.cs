using System.Net;
using ActorWarden.ControlPlane.Tests.Fakes;
using ActorWarden.ControlPlane.Tests.Infrastructure;
using ActorWarden.Contracts;

namespace ActorWarden.ControlPlane.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_parse_as_prometheus_text_with_every_family_typed_and_documented()
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Client.GetAsync("/metrics");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/plain; version=0.0.4; charset=utf-8");
        var families = PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync());
        var expected = new Dictionary<string, string>
        {
            ["warden_instance_up"] = "gauge",
            ["warden_instance_restarts_total"] = "counter",
            ["warden_instance_last_exit_code"] = "gauge",
            ["warden_instance_uptime_seconds"] = "gauge",
            ["warden_instance_rss_bytes"] = "gauge",
            ["warden_instance_state"] = "gauge",
            ["warden_log_dropped_lines_total"] = "counter",
            ["warden_log_dropped_bytes_total"] = "counter",
            ["warden_dead_letters_total"] = "counter",
            ["warden_process_resident_memory_bytes"] = "gauge",
            ["warden_process_allocated_bytes_total"] = "counter",
            ["warden_process_gc_collections_total"] = "counter",
            ["warden_uptime_seconds"] = "gauge",
        };
        families.Keys.Should().BeEquivalentTo(expected.Keys);
        foreach (var (name, type) in expected)
        {
            families[name].Type.Should().Be(type, name);
            families[name].Help.Should().NotBeNullOrWhiteSpace(name);
        }

        families.Values.Where(f => f.Type == "counter").Should().OnlyContain(f => f.Name.EndsWith("_total"));
    }

    [Fact]
    public async Task Instance_series_carry_service_instance_and_group_and_the_right_values()
    {
        await using var server = await RunningServer.StartAsync();

        var families = PrometheusTextParser.Parse(await server.Client.GetStringAsync("/metrics"));

        Value(families, "warden_instance_up", "web-2").Should().Be(1);
        Value(families, "warden_instance_up", "worker").Should().Be(0);
        Value(families, "warden_instance_restarts_total", "web-2").Should().Be(2);
        Value(families, "warden_instance_last_exit_code", "worker").Should().Be(3);
        families["warden_instance_last_exit_code"].Samples.Should().ContainSingle("only the worker has exited");
        Value(families, "warden_instance_uptime_seconds", "web-1").Should().Be(3723.5);
        Value(families, "warden_instance_rss_bytes", "web-1").Should().Be(12_345_678);
        families["warden_instance_up"].Samples.Single(s => s.Labels["instance"] == "web-1").Labels
            .Should().BeEquivalentTo(new Dictionary<string, string> { ["service"] = "web", ["instance"] = "web-1", ["group"] = "web" });
        families["warden_dead_letters_total"].Samples.Single().Value.Should().Be(7);
        families["warden_process_resident_memory_bytes"].Samples.Single().Value.Should().Be(50_000_000);
        families["warden_process_allocated_bytes_total"].Samples.Single().Value.Should().Be(123_456_789_012);
        families["warden_process_gc_collections_total"].Samples.ToDictionary(s => s.Labels["generation"], s => s.Value)
            .Should().BeEquivalentTo(new Dictionary<string, double> { ["0"] = 40, ["1"] = 3, ["2"] = 1 });
    }

    [Fact]
    public void A_contained_tree_adds_its_cpu_time_and_tasks_and_the_containment_mode()
    {
        var running = new InstanceStatus("pg", "pg", "pg", "/user/warden/pg/pg/pg", ProcessState.Running, 40, TimeSpan.FromSeconds(5), 0, null, null, "none", 30_000_000, null)
        {
            CpuTime = TimeSpan.FromMilliseconds(1500),
            Tasks = 7,
        };
        var stopped = running with { Name = "other", Service = "other", Group = "other", State = ProcessState.Stopped, Pid = null, CpuTime = null, Tasks = null };
        var status = new WardenStatus("/etc/w.conf", TimeSpan.FromSeconds(9), [], [running, stopped], new WardenRuntimeStats(0, 1, 2, 3)) { Containment = "cgroup-v2" };

        var families = PrometheusTextParser.Parse(ActorWarden.ControlPlane.Metrics.WardenMetricsFormatter.Format(status));

        families["warden_instance_cpu_seconds_total"].Type.Should().Be("counter");
        families["warden_instance_cpu_seconds_total"].Samples.Should().ContainSingle().Which.Value.Should().Be(1.5);
        families["warden_instance_tasks"].Samples.Should().ContainSingle().Which.Value.Should().Be(7);
        families["warden_containment_info"].Samples.Should().ContainSingle().Which.Labels["mode"].Should().Be("cgroup-v2");
    }

    [Fact]
    public void Stage_costs_are_counters_labelled_by_stage_and_absent_while_they_are_off()
    {
        var off = new WardenStatus("/etc/w.conf", TimeSpan.FromSeconds(9), [], [], new WardenRuntimeStats(0, 1, 2, 3));
        var on = off with
        {
            Runtime = off.Runtime with { Stages = [new StageCost("spawn", 2_500_000_000, 4096, 10), new StageCost("exit watcher", 500_000_000, 0, 10)] },
        };

        PrometheusTextParser.Parse(ActorWarden.ControlPlane.Metrics.WardenMetricsFormatter.Format(off)).Keys.Should().NotContain(k => k.StartsWith("warden_stage_", StringComparison.Ordinal));
        var families = PrometheusTextParser.Parse(ActorWarden.ControlPlane.Metrics.WardenMetricsFormatter.Format(on));

        families["warden_stage_cpu_seconds_total"].Type.Should().Be("counter");
        families["warden_stage_cpu_seconds_total"].Samples.Single(s => s.Labels["stage"] == "spawn").Value.Should().Be(2.5);
        families["warden_stage_cpu_seconds_total"].Samples.Single(s => s.Labels["stage"] == "exit watcher").Value.Should().Be(0.5);
        families["warden_stage_allocated_bytes_total"].Samples.Single(s => s.Labels["stage"] == "spawn").Value.Should().Be(4096);
        families["warden_stage_entries_total"].Samples.Should().HaveCount(2).And.OnlyContain(s => s.Value == 10);
    }

    [Fact]
    public void Dropped_output_is_counted_per_stream_and_reason_and_absent_while_nothing_was_dropped()
    {
        var web = new InstanceStatus("web", "web", "web", "/user/warden/web/web/web", ProcessState.Running, 40, TimeSpan.FromSeconds(5), 0, null, null, "none", null, null)
        {
            LogDrops = [new LogDropCount("stdout", "rate-limit", 1200, 86_400), new LogDropCount("syslog://127.0.0.1:514", "syslog-queue-full", 30, 0)],
        };
        var quiet = web with { Name = "quiet", Service = "quiet", Group = "quiet", LogDrops = null };
        var status = new WardenStatus("/etc/w.conf", TimeSpan.FromSeconds(9), [], [web, quiet], new WardenRuntimeStats(0, 1, 2, 3));

        var families = PrometheusTextParser.Parse(ActorWarden.ControlPlane.Metrics.WardenMetricsFormatter.Format(status));

        var lines = families["warden_log_dropped_lines_total"].Samples;
        lines.Should().HaveCount(2).And.OnlyContain(s => s.Labels["instance"] == "web");
        lines.Single(s => s.Labels["stream"] == "stdout").Should().BeEquivalentTo(new { Value = 1200.0 });
        lines.Single(s => s.Labels["stream"] == "stdout").Labels["reason"].Should().Be("rate-limit");
        lines.Single(s => s.Labels["reason"] == "syslog-queue-full").Value.Should().Be(30);
        families["warden_log_dropped_bytes_total"].Samples.Single(s => s.Labels["stream"] == "stdout").Value.Should().Be(86_400);
    }

    [Fact]
    public async Task State_is_one_hot_over_every_state()
    {
        await using var server = await RunningServer.StartAsync();

        var families = PrometheusTextParser.Parse(await server.Client.GetStringAsync("/metrics"));

        var byInstance = families["warden_instance_state"].Samples.GroupBy(s => s.Labels["instance"]).ToDictionary(g => g.Key);
        byInstance.Keys.Should().BeEquivalentTo("web-1", "web-2", "worker");
        foreach (var group in byInstance.Values)
        {
            group.Select(s => s.Labels["state"]).Should().BeEquivalentTo(Enum.GetNames<ProcessState>().Select(n => n.ToLowerInvariant()));
            group.Sum(s => s.Value).Should().Be(1);
        }

        byInstance["worker"].Single(s => s.Value == 1).Labels["state"].Should().Be("stopped");
    }

    [Fact]
    public async Task Label_values_are_escaped_so_odd_names_still_parse()
    {
        const string odd = "we\"b\\x\nnew";
        var control = new FakeWardenControl(
            [new GroupStatus("g", "one-for-one", [odd], false)],
            [FakeWardenControl.Instance(odd + "-1", odd, "g", ProcessState.Backoff, null, 4)]);
        await using var server = await RunningServer.StartAsync(control);

        var text = await server.Client.GetStringAsync("/metrics");
        var families = PrometheusTextParser.Parse(text);

        text.Should().Contain("service=\"we\\\"b\\\\x\\nnew\"");
        families["warden_instance_restarts_total"].Samples.Single().Labels["service"].Should().Be(odd);
        families["warden_instance_restarts_total"].Samples.Single().Labels["instance"].Should().Be(odd + "-1");
    }

    [Fact]
    public async Task Metrics_need_the_token()
    {
        await using var server = await RunningServer.StartAsync();

        (await server.Anonymous.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void The_test_parser_rejects_what_a_scraper_would()
    {
        var bad = new[]
        {
            "m 1",
            "# TYPE m gauge\nm{a=\"x} 1\n",
            "# TYPE m gauge\nm{a=\"\\t\"} 1\n",
            "m 1\n# TYPE m gauge\n",
            "# TYPE m gauge\nm 1\n# TYPE n gauge\nn 1\nm 2\n",
            "# TYPE m gauge\nm one\n",
            "# TYPE 1m gauge\n",
            "# TYPE m nonsense\n",
        };
        foreach (var text in bad)
        {
            var parse = () => PrometheusTextParser.Parse(text);
            parse.Should().Throw<FormatException>(text);
        }
    }

    private static double Value(IReadOnlyDictionary<string, PrometheusTextParser.Family> families, string name, string instance) =>
        families[name].Samples.Single(s => s.Labels["instance"] == instance).Value;
}
