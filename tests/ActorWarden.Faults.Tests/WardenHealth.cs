using System.Text.Json;
using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Faults.Tests;

/// <summary>
/// What "the warden survived" means after a fault, measured from outside through /proc: alive, memory
/// and descriptors back near the baseline taken before the fault, no zombie children, and an event
/// log in which every line is one JSON object and every started process has its exit recorded.
/// </summary>
internal sealed record WardenHealth(long RssBytes, int OpenFds)
{
    public static WardenHealth Measure(int pid) => new(ReadRss(pid), CountFds(pid));

    /// <summary>
    /// Open descriptors, not counting the runtime's handles on assembly files: .NET keeps one per
    /// loaded assembly, and the first use of a code path loads some, which is not a leak.
    /// </summary>
    private static int CountFds(int pid) =>
        Directory.GetFiles($"/proc/{pid}/fd").Count(fd =>
        {
            var target = new FileInfo(fd).LinkTarget;
            return target is null || !target.EndsWith(".dll", StringComparison.Ordinal);
        });

    public static async Task<WardenHealth> SettledBaselineAsync(int pid)
    {
        await Task.Delay(1500);
        GC.KeepAlive(pid);
        return Measure(pid);
    }

    /// <summary>Asserts the warden is alive and back near <paramref name="baseline"/> (waiting a little for buffers and GC to settle).</summary>
    public static async Task AssertRecoveredAsync(RunningWarden warden, WardenHealth baseline, long rssSlackBytes = 40L * 1024 * 1024, int fdSlack = 16)
    {
        warden.HasExited.Should().BeFalse("the warden must survive the fault:\n" + warden.Output);
        // Zombies are reaped on the warden's SIGCHLD pass, which runs after the kernel re-parents a killed
        // tree's last zombies to it (that happens after the group already reads empty), so they may
        // outlive the stop by a moment: wait for them as for buffers and GC.
        WardenHealth now = Measure(warden.Pid);
        for (var i = 0; i < 40 && (now.OpenFds > baseline.OpenFds + fdSlack || now.RssBytes > baseline.RssBytes + rssSlackBytes || ZombieChildren(warden.Pid).Count > 0); i++)
        {
            await Task.Delay(250);
            now = Measure(warden.Pid);
        }

        now.OpenFds.Should().BeLessThanOrEqualTo(baseline.OpenFds + fdSlack, "descriptors must not leak");
        now.RssBytes.Should().BeLessThanOrEqualTo(baseline.RssBytes + rssSlackBytes, "memory must come back near the baseline");
        ZombieChildren(warden.Pid).Should().BeEmpty("every exited child must be reaped");
        (await warden.CliAsync("status", "--json")).ExitCode.Should().Be(0, "the API must still answer");
    }

    /// <summary>
    /// Every line parses and the last one is finished; every `started` pid has its end recorded — `exited`
    /// (ended on its own) or `stopped` (ended by the stop ladder). Call after the services stopped: the
    /// ends are waited for, since the events file is written after the status board already shows the stop.
    /// </summary>
    public static async Task AssertEventLogCompleteAsync(RunningWarden warden)
    {
        var events = await WaitForEventsOrLast(warden, e => Unended(e).Count == 0 && e.Count > 0);
        events.Should().NotBeEmpty();
        Unended(events).Should().BeEmpty("every started process must have its end in events.jsonl");
        warden.EventsText().Should().EndWith("\n", "no line may be left unfinished once the services stopped");
    }

    private static async Task<IReadOnlyList<JsonElement>> WaitForEventsOrLast(RunningWarden warden, Func<IReadOnlyList<JsonElement>, bool> done)
    {
        try
        {
            return await warden.WaitForEventsAsync(done, TimeSpan.FromSeconds(30), "every started process's end");
        }
        catch (TimeoutException)
        {
            return warden.Events();
        }
    }

    private static List<int> Unended(IReadOnlyList<JsonElement> events)
    {
        var started = events.Where(e => Name(e) == "started").Select(e => e.GetProperty("pid").GetInt32()).ToList();
        var ended = events.Where(e => Name(e) is "exited" or "stopped").Select(e => e.GetProperty("pid").GetInt32()).ToHashSet();
        return started.Where(pid => !ended.Contains(pid)).ToList();
    }

    public static string? Name(JsonElement e) => e.GetProperty("event").GetString();

    public static IReadOnlyList<int> ZombieChildren(int pid)
    {
        var result = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var child))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] == "Z" && fields[1] == pid.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    result.Add(child);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        return result;
    }

    private static long ReadRss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}
