using System.Xml.Linq;
using ActorWarden.Simulation.Scenarios;

namespace ActorWarden.Supervision.Tests.Simulation;

public sealed class RenderingTests
{
    private const string Config = """
        warden {
          root { max-restarts = 0, within = 60s, on-give-up = exit, exit-code = 70 }
          service-defaults { start-seconds = 0s, backoff.jitter = 0 }
          services {
            web { command = "/bin/web", instances = 2 }
            api { command = "/bin/api", max-restarts = 1, within = 10s }
            worker { command = "/bin/worker", start-retries = 2 }
          }
          groups {
            front { members = [web, worker] }
            core { members = [api], max-restarts = 0, within = 60s }
          }
        }
        """;

    private const string Scenario = """
        scenario {
          duration = 1m
          services { worker { exec-error = "no such file or directory" } }
          instances { api { exits = [ {at = 5s}, {at = 6s} ] } }
        }
        """;

    [Fact]
    public void The_table_keeps_every_column_at_a_fixed_position()
    {
        var table = TimelineTable.Render(Sim.Run(Config, Scenario));
        var lines = table.Split('\n');
        var header = lines[0];
        var detailColumn = header.IndexOf("DETAIL", StringComparison.Ordinal);
        var rows = lines.Skip(1).TakeWhile(l => l.Length > 0).ToArray();

        rows.Should().HaveCountGreaterThan(10);
        foreach (var row in rows)
        {
            row.Length.Should().BeGreaterThan(detailColumn, row);
            row[detailColumn - 1].Should().Be(' ', row);
            row[detailColumn - 2].Should().Be(' ', row);
        }

        table.Should().Contain("00:00:06.000  /user/warden/core/api/api");
        table.Should().NotContain("\r");
    }

    [Fact]
    public void The_svg_is_well_formed_with_a_lane_per_instance_states_markers_axis_and_legend()
    {
        var result = Sim.Run(Config, Scenario);
        var svg = TimelineSvg.Render(result);

        var document = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        document.Root!.Name.Should().Be(ns + "svg");
        var texts = document.Descendants(ns + "text").Select(t => t.Value).ToArray();
        texts.Should().Contain(["front (one-for-one)", "core (one-for-one)", "web-1", "web-2", "worker", "api"]);
        texts.Should().Contain(["running", "backoff", "fatal", "restart", "escalation", "0s", "1s"]);
        texts.Should().Contain("warden exits with 70");
        var titles = document.Descendants(ns + "title").Select(t => t.Value).ToArray();
        titles.Should().Contain(t => t.StartsWith("worker: fatal", StringComparison.Ordinal));
        titles.Should().Contain(t => t.StartsWith("api: restart", StringComparison.Ordinal));
        titles.Should().Contain(t => t.StartsWith("api escalated to group core", StringComparison.Ordinal));
        titles.Should().Contain(t => t.StartsWith("root gave up on group core", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_lines_are_the_event_wire_form_on_virtual_time_followed_by_the_summary()
    {
        var result = Sim.Run(Config, Scenario);
        var lines = TimelineJson.Render(result).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Should().HaveCount(result.Events.Count + 1);
        lines[0].Should().StartWith("{\"ts\":\"2020-01-01T00:00:00.000Z\",\"event\":\"warden-started\"");
        var summary = System.Text.Json.JsonDocument.Parse(lines[^1]).RootElement;
        summary.GetProperty("event").GetString().Should().Be(TimelineJson.SummaryEvent);
        summary.GetProperty("warden_exit_code").GetInt32().Should().Be(70);
        summary.GetProperty("escalations").GetInt32().Should().Be(2);
        summary.GetProperty("services").EnumerateArray().Select(e => e.GetProperty("service").GetString()).Should().Equal("web", "api", "worker");
    }
}
