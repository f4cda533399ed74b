using System.Globalization;

namespace ActorWarden.ProcessBench;

/// <summary>results/heartbeat.md: the cost of 1,000 instances sending WATCHDOG=1 every second (issue 16).</summary>
internal sealed partial class Report
{
    public void Heartbeat(Heartbeat h)
    {
        var sb = Header("Heartbeats: the cost of WATCHDOG=1 from every instance", "heartbeat",
            "N instances of a static C `beater` send WATCHDOG=1 every second on their notify sockets under a heartbeat check, against the same farm " +
            "of the same binary with no notify socket. The warden's utime+stime (`/proc/<warden>/stat`) is sampled over consecutive windows once every " +
            "instance is Running (and healthy); **cost** = heartbeat median − baseline median, in % of one core.");
        sb.Append("## Rounds\n\n");
        sb.Append(Row("round", "farm", "warden CPU per window (% of one core)", "median", "RSS", "threads", "fds", "healthy / unhealthy verdicts", "CPU by thread (s over the windows)")).Append(Sep(9));
        foreach (var r in h.Runs)
        {
            var windows = string.Join(", ", r.WindowCpuPct.Select(v => v.ToString("0.00", CultureInfo.InvariantCulture)));
            var threads = string.Join(", ", r.ThreadCpu.Where(t => t.Seconds >= 0.005).OrderByDescending(t => t.Seconds).Take(6)
                .Select(t => $"{t.Name} ×{t.Threads} {t.Seconds.ToString("0.00", CultureInfo.InvariantCulture)}"));
            sb.Append(Row(r.Round, r.Mode, r.Ok ? windows : "FAILED: " + r.Failure, Fmt.N(Summary.Median(r.WindowCpuPct), "0.00") + " %",
                Fmt.Mb(r.RssKb), r.Threads, r.Fds, $"{r.Healthy} / {r.Unhealthy}", threads));
        }

        var baseline = Summary.Of(h.Runs.Where(r => r.Mode == "baseline" && r.Ok).SelectMany(r => r.WindowCpuPct));
        var beating = Summary.Of(h.Runs.Where(r => r.Mode == "heartbeat" && r.Ok).SelectMany(r => r.WindowCpuPct));
        var cost = beating.P50 - baseline.P50;
        sb.Append("\n## Result\n\n");
        sb.Append(Row("", "windows", "median", "spread (min – max)")).Append(Sep(4));
        sb.Append(Row("baseline (no notify)", baseline.Count, Fmt.N(baseline.P50, "0.00") + " %", $"{Fmt.N(baseline.Min, "0.00")} – {Fmt.N(baseline.Max, "0.00")} %"));
        sb.Append(Row("heartbeat (WATCHDOG=1 every 1 s)", beating.Count, Fmt.N(beating.P50, "0.00") + " %", $"{Fmt.N(beating.Min, "0.00")} – {Fmt.N(beating.Max, "0.00")} %"));
        sb.Append('\n');
        sb.Append(Row("bar", "measured", "")).Append(Sep(3));
        var datagrams = h.Runs.FirstOrDefault()?.Instances ?? 0;
        sb.Append(Bar($"cost of {datagrams:N0} heartbeats/s < 2 % of one core", double.IsNaN(cost) ? null : cost < 2.0, $"{Fmt.N(cost, "0.00")} % of one core"));
        sb.Append("""

            ## Method

            - Each round starts `warden run` on a generated config (one service, `instances = N`, output capture off, events file on), waits until
              every instance is Running per `events.jsonl` (and, with heartbeats, has a `health` event `healthy`, i.e. its first WATCHDOG=1 arrived),
              waits the settle time, then reads `/proc/<warden>/stat` at the start and end of each window. Rounds alternate baseline and heartbeat,
              so drift in the machine's load hits both.
            - A heartbeat round fails if any instance goes unhealthy: that would mean heartbeats were lost or late, and the cost would be understated.
            - What a heartbeat costs the warden: a share of one epoll wake-up (the receiver reads at most every 20 ms after a busy wake-up, so a
              second's heartbeats arrive in batches), one `recvmsg` (the datagram with SCM_CREDENTIALS), no `/proc` read (the
              sender is the instance's expected pid), no allocation for the payload, a Tell to the ProcessActor (sender check against its pids)
              and a Tell to the heartbeat check (stores the time). No timer is restarted per beat.

            """);
        Write("heartbeat.md", sb.ToString());
    }
}
