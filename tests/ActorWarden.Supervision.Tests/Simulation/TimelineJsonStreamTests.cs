using System.Text;
using ActorWarden.Simulation.Scenarios;
using ActorWarden.Simulation.VirtualTime;

namespace ActorWarden.Supervision.Tests.Simulation;

public sealed class TimelineJsonStreamTests
{
    private const string Config = """
        warden {
          service-defaults { start-seconds = 1s, backoff.jitter = 0 }
          services {
            web { command = "/bin/web", instances = 3, health { type = tcp, port = 9000, interval = 5s } }
            api { command = "/bin/api", binds-to = [web] }
          }
        }
        """;

    // Long enough for several hand-offs of a few thousand events each.
    private const string Scenario = """
        scenario {
          duration = 6h
          seed = 3
          services { web { crash-rate { mean-time-between = 2m, code = 1 } } }
        }
        """;

    [Fact]
    public async Task Lines_encoded_while_the_simulation_runs_are_those_written_after_it()
    {
        var settings = Sim.Load(Config);
        var scenario = ScenarioLoader.Parse(Scenario, "test.scenario.conf", settings);
        var created = Task.Run(() => WardenVirtualTime.Create());
        using var system = await created;
        using var stream = new TimelineJsonStream();
        var result = Simulator.Run(settings, scenario, new SimulationOptions { System = created, OnEvent = stream.Add });
        using var streamed = new MemoryStream();
        stream.WriteTo(streamed, result);

        result.Events.Count.Should().BeGreaterThan(10_000);
        Encoding.UTF8.GetString(streamed.ToArray()).Should().Be(TimelineJson.Render(Simulator.Run(settings, scenario)));
    }

    [Fact]
    public void A_stream_that_did_not_take_the_result_s_events_refuses_to_write_it()
    {
        var settings = Sim.Load(Config);
        var result = Simulator.Run(settings, ScenarioLoader.Parse("scenario { duration = 1m }", "test.scenario.conf", settings));
        using var stream = new TimelineJsonStream();
        stream.Add(result.Events[0]);

        var write = () => stream.WriteTo(new MemoryStream(), result);

        write.Should().Throw<InvalidOperationException>().WithMessage("*encoded 1 events of a timeline of*");
    }
}
