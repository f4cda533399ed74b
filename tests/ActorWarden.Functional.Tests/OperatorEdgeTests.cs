using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Functional.Tests;

/// <summary>What an operator types at the edge: `-c` in either place, the logs of a whole farm, the event stream.</summary>
public sealed class OperatorEdgeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Config_option_is_accepted_before_the_verb_as_well_as_after_it()
    {
        await using var warden = RunningWarden.Start("""
                a { command = /bin/sleep, args = ["1000"], start-seconds = 100ms }
            """);
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "a running");

        var before = await WardenBinary.RunAsync(warden.Directory, Patience, "-c", warden.ConfigPath, "status", "--json");
        var beforeLong = await WardenBinary.RunAsync(warden.Directory, Patience, "--config", warden.ConfigPath, "status");

        before.ExitCode.Should().Be(0, before.Stderr);
        before.Stdout.Should().Contain("\"name\": \"a\"");
        beforeLong.ExitCode.Should().Be(0, beforeLong.Stderr);
    }

    [Fact]
    public async Task Logs_of_a_farm_show_every_instance_each_line_prefixed_with_its_name()
    {
        await using var warden = RunningWarden.Start("""
                web { command = /bin/sh, args = ["-c", "echo hello from $INSTANCE_NAME; exec sleep 1000"], instances = 3, start-seconds = 100ms }
            """);
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 3), Patience, "3 running");

        // On a timeout the message carries the last answer (Eventually.Value), so a line that never came can be told from a CLI that failed.
        var logs = await Eventually.Value(
            () => warden.CliAsync("logs", "web"),
            result => result.Stdout.Split('\n').Count(l => l.Contains("hello from", StringComparison.Ordinal)) == 3,
            "a line from each of the three instances");

        logs.ExitCode.Should().Be(0, logs.Stderr);
        logs.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "web-1 | hello from web-1",
            "web-2 | hello from web-2",
            "web-3 | hello from web-3");
        var one = await warden.CliAsync("logs", "web-2");
        one.Stdout.Trim().Should().Be("hello from web-2", "one instance's log is not prefixed");
    }

    [Fact]
    public async Task The_recent_events_of_the_api_are_the_warden_s_own_in_the_order_of_events_jsonl()
    {
        // The control plane records them where the warden publishes them (IWardenControl.ObserveEvents), not from a stream.
        const string token = "recent-events-test-token-4c1e";
        await using var warden = RunningWarden.Start("""
                crasher { command = /bin/sh, args = ["-c", "exit 3"], start-seconds = 0s, backoff { min = 100ms, max = 100ms, jitter = 0 } }
            """, $"control.http.token = \"{token}\"");
        await warden.WaitForEventsAsync(events => events.Count(e => e.GetProperty("event").GetString() == "exited") >= 3, Patience, "three exits");
        using var api = new System.Net.Http.HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{warden.Port}/"), Timeout = TimeSpan.FromSeconds(10) };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        using var recent = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync("v1/events/recent?limit=1000"));
        var exits = recent.RootElement.EnumerateArray().Where(e => e.GetProperty("event").GetString() == "exited").Select(e => e.GetProperty("pid").GetInt32()).ToList();

        exits.Should().HaveCountGreaterThanOrEqualTo(3);
        var written = warden.Events().Where(e => e.GetProperty("event").GetString() == "exited").Select(e => e.GetProperty("pid").GetInt32()).ToList();
        written.Should().StartWith(exits.Take(3), "the buffer saw every exit, in the order the event file has them");
    }

    [Fact]
    public async Task Warden_events_prints_the_very_lines_of_events_jsonl_in_time_order()
    {
        await using var warden = RunningWarden.Start("""
                crasher { command = /bin/sh, args = ["-c", "sleep 0.3; exit 1"], start-seconds = 100ms, backoff { min = 100ms, max = 100ms, jitter = 0 } }
            """);
        await warden.WaitForAsync(s => RunningWarden.Instances(s).Single().GetProperty("restarts").GetInt32() >= 1, Patience, "a first restart");

        var psi = new System.Diagnostics.ProcessStartInfo(WardenBinary.Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = warden.Directory };
        foreach (var arg in new[] { "events", "--config", warden.ConfigPath })
        {
            psi.ArgumentList.Add(arg);
        }

        var streamed = new List<string>();
        using (var events = System.Diagnostics.Process.Start(psi)!)
        {
            var reading = Task.Run(async () =>
            {
                while (await events.StandardOutput.ReadLineAsync() is { } line)
                {
                    lock (streamed)
                    {
                        streamed.Add(line);
                    }
                }
            });
            await warden.WaitForAsync(s => RunningWarden.Instances(s).Single().GetProperty("restarts").GetInt32() >= 4, Patience, "three more restarts while streaming");
            await Task.Delay(300);
            events.Kill();
            await reading.WaitAsync(Patience);
        }

        streamed.Should().HaveCountGreaterThan(5);

        // The stream and the file get the same published events, the file through its own writer actor,
        // so the last lines streamed before the kill may reach the disk a moment after the stream had them.
        var file = new HashSet<string>(StringComparer.Ordinal);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            file = warden.EventLines().ToHashSet(StringComparer.Ordinal);
            if (streamed.All(file.Contains))
            {
                break;
            }

            await Task.Delay(100);
        }
        while (clock.Elapsed < Patience);

        streamed.Where(line => !file.Contains(line)).Should().BeEmpty("every streamed line is byte for byte a line of events.jsonl");
        var stamps = warden.EventLines().Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("ts").GetString()!).ToList();
        stamps.Should().OnlyContain(ts => ts.EndsWith('Z'));
        stamps.Should().BeInAscendingOrder(StringComparer.Ordinal, "event stamps never go backwards");
    }
}
