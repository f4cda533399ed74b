using System.Text.RegularExpressions;
using ActorWarden.Config;
using ActorWarden.Contracts.Control;
using ActorWarden.Simulation.Scenarios;
using ActorWarden.Supervision.Tests.Simulation.Properties;

namespace ActorWarden.Supervision.Tests.Events;

/// <summary>
/// docs/events.md against what the warden actually emits: every event a broad run produces is in the
/// tables, with no field the tables do not list, and every field listed for such an event is seen. The
/// runs are the shipped examples (config/examples, simulated) and a farm driven by an operator (starts,
/// stops, restarts, a reload) on virtual time, so a field renamed in code or in the docs fails here.
/// </summary>
public sealed partial class EventsDocumentationTests
{
    private static readonly string[] Envelope = ["ts", "event", "service", "instance"];

    /// <summary>Fields that only some occurrences of an event carry, as the docs say in words.</summary>
    internal static readonly Dictionary<string, string[]> Optional = new(StringComparer.Ordinal)
    {
        ["directive"] = ["delay_ms", "outcome", "strategy", "affected"],
        ["logs-dropped"] = ["stream", "target", "dropped-bytes", "total-bytes"],
        ["service-reloaded"] = ["signal", "command", "output"],
        ["service-reload-failed"] = ["command"],
        ["pre-start"] = ["code", "signal", "timed_out", "error", "output"],
        ["post-stop"] = ["command", "code", "signal", "timed_out", "error", "output"],
    };

    private const string Farm = """
        warden {
          services {
            db { command = "/usr/bin/db", instances = 1, health { type = tcp, port = 5432, interval = 1s, timeout = 500ms, failures = 2 } }
            web { command = "/usr/bin/web", args = ["--v1"], instances = 2, depends-on = [db], backoff { min = 100ms, max = 2s } }
            worker { command = "/usr/bin/worker", instances = 1, start-retries = 1, backoff { min = 100ms, max = 100ms } }
          }
          groups {
            front { strategy = one-for-all, members = [web, worker], max-restarts = 3, within = 30s }
          }
        }
        """;

    private const string FarmScenario = """
        scenario {
          duration = 90s
          seed = 7
          instances {
            "db" { health-fails = [{ from = 20s, to = 24s }] }
            "web-1" { exits = [{ at = 5s, code = 1 }, { at = 9s, signal = SIGKILL }], stop-delay = 1500ms }
            "web-2" { exits = [{ at = 12s, code = 0 }], stop-delay = never }
            "worker" { exits = [{ at = 1s, code = 2 }, { at = 3s, code = 2 }, { at = 5s, code = 2 }, { at = 7s, code = 2 }] }
          }
        }
        """;

    private static readonly OperatorAction[] Operator =
    [
        new(30_000, "stop", "web-2"),
        new(35_000, "start", "web"),
        new(40_000, "restart", "all"),
        new(70_000, "stop", "worker"),
    ];

    [Fact]
    public void Every_emitted_event_and_field_is_documented_and_every_documented_field_is_emitted()
    {
        var documented = DocumentedEvents();
        var emitted = EmittedEvents();

        emitted.Keys.Should().HaveCountGreaterThanOrEqualTo(15, "the runs must exercise most of the event kinds to mean something");
        emitted.Keys.Except(documented.Keys).Should().BeEmpty("every event the warden emits is in docs/events.md");
        foreach (var (name, fields) in emitted)
        {
            fields.Except(documented[name]).Should().BeEmpty($"every field of `{name}` is documented");
            var required = documented[name].Except(Optional.GetValueOrDefault(name, []));
            required.Except(fields).Should().BeEmpty($"every documented field of `{name}` is emitted");
        }
    }

    [Fact]
    public void The_tables_parse_into_events_with_fields()
    {
        var documented = DocumentedEvents();

        documented.Should().ContainKeys("state", "exited", "directive", "warden-started", "reloaded", "logs-dropped");
        documented["exited"].Should().Equal("pid", "code", "signal", "core_dumped", "ran_for_ms", "failed_start");
        documented["directive"].Should().Contain(["supervisor", "level", "child", "directive", "reason", "cause", "delay_ms", "outcome", "strategy", "affected"]);
        documented["post-stop"].Should().Contain(["pid", "ok", "command", "output"], "`the fields of pre-start` are included");
    }

    private static Dictionary<string, HashSet<string>> EmittedEvents()
    {
        var events = new List<WardenEvent>();
        foreach (var config in Directory.GetFiles(Path.Combine(RepoRoot(), "config", "examples"), "*.conf").Where(p => !p.EndsWith(".scenario.conf", StringComparison.Ordinal)))
        {
            var settings = WardenConfigLoader.Load(config, useEnvironment: false);
            var scenario = ScenarioLoader.Load(Path.ChangeExtension(config, ".scenario.conf"), settings);
            events.AddRange(Simulator.Run(settings, scenario).Events);
        }

        var reload = (50_000, Farm.Replace("\"--v1\"", "\"--v2\"", StringComparison.Ordinal));
        events.AddRange(OperatedSimulation.Run(Farm, FarmScenario, Operator, reload).Events);

        var emitted = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!emitted.TryGetValue(e.Event, out var fields))
            {
                emitted[e.Event] = fields = new HashSet<string>(StringComparer.Ordinal);
            }

            fields.UnionWith(e.Fields.Keys);
        }

        return emitted;
    }

    /// <summary>Event name → field names, from the rows of every `| event | fields | when |` table of docs/events.md.</summary>
    internal static Dictionary<string, List<string>> DocumentedEvents()
    {
        var rows = new Dictionary<string, (List<string> Fields, string? FieldsOf)>(StringComparer.Ordinal);
        var inTable = false;
        foreach (var line in File.ReadLines(Path.Combine(RepoRoot(), "docs", "events.md")))
        {
            inTable = line.StartsWith("| event | fields |", StringComparison.Ordinal) || (inTable && line.StartsWith('|'));
            var cells = line.Split('|');
            if (!inTable || cells.Length < 4 || TableEvent().Match(cells[1].Trim()) is not { Success: true } name)
            {
                continue;
            }

            var text = cells[2];
            var fieldsOf = FieldsOf().Match(text) is { Success: true } m ? m.Groups[1].Value : null;
            var withoutValues = Parenthesised().Replace(FieldsOf().Replace(text, ""), "");
            var fields = Backticked().Matches(withoutValues).Select(f => f.Groups[1].Value).Where(f => !Envelope.Contains(f)).ToList();
            rows[name.Groups[1].Value] = (fields, fieldsOf);
        }

        return rows.ToDictionary(
            r => r.Key,
            r => r.Value.FieldsOf is { } other ? r.Value.Fields.Concat(rows[other].Fields).Distinct().ToList() : r.Value.Fields,
            StringComparer.Ordinal);
    }

    private static string RepoRoot() => Repository.Root;

    [GeneratedRegex(@"^`([a-z][a-z0-9-]*)`$")]
    private static partial Regex TableEvent();

    [GeneratedRegex(@"the fields of `([a-z][a-z0-9-]*)`")]
    private static partial Regex FieldsOf();

    [GeneratedRegex(@"\([^()]*\)")]
    private static partial Regex Parenthesised();

    [GeneratedRegex(@"`([a-z][a-z0-9_-]*)`")]
    private static partial Regex Backticked();
}
