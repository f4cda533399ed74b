using System.Globalization;
using ActorWarden.Contracts;

namespace ActorWarden.ControlPlane.Metrics;

/// <summary>
/// Turns one <see cref="WardenStatus"/> into the <c>/metrics</c> page, so metrics, the JSON API and
/// the status page always show the same snapshot. Instance series carry service, instance and group
/// labels; state is one-hot over every state so that alerts can match <c>state="fatal"</c> directly.
/// </summary>
public static class WardenMetricsFormatter
{
    private static readonly ProcessState[] States = Enum.GetValues<ProcessState>();

    public static string Format(WardenStatus status)
    {
        var instances = status.Instances;
        var w = new PrometheusTextWriter(expectedSamples: (instances.Count * (7 + States.Length)) + 9);
        var labels = instances.Select(Labels).ToArray();

        w.Family("warden_instance_up", "gauge", "1 when the instance's process is running, else 0.");
        for (var n = 0; n < instances.Count; n++)
        {
            var i = instances[n];
            w.Sample("warden_instance_up", i.State == ProcessState.Running ? 1 : 0, labels[n]);
        }

        w.Family("warden_instance_restarts_total", "counter", "Restarts of the instance since the warden started.");
        for (var n = 0; n < instances.Count; n++)
        {
            var i = instances[n];
            w.Sample("warden_instance_restarts_total", i.Restarts, labels[n]);
        }

        w.Family("warden_instance_last_exit_code", "gauge", "Exit code of the instance's previous process (absent until one exited with a code).");
        for (var n = 0; n < instances.Count; n++)
        {
            var i = instances[n];
            if (i.LastExitCode is { } code)
            {
                w.Sample("warden_instance_last_exit_code", code, labels[n]);
            }
        }

        w.Family("warden_instance_uptime_seconds", "gauge", "Seconds since the instance's current process started; 0 when no process runs.");
        for (var n = 0; n < instances.Count; n++)
        {
            var i = instances[n];
            w.Sample("warden_instance_uptime_seconds", i.Uptime?.TotalSeconds ?? 0, labels[n]);
        }

        w.Family("warden_instance_rss_bytes", "gauge", "Memory of the instance's process tree in bytes: its control group's usage when contained, else the resident set size (absent when unknown).");
        for (var n = 0; n < instances.Count; n++)
        {
            var i = instances[n];
            if (i.RssBytes is { } rss)
            {
                w.Sample("warden_instance_rss_bytes", rss, labels[n]);
            }
        }

        // Only a contained tree has these (its control group); an uncontained warden has no such families.
        if (instances.Any(i => i.CpuTime is not null))
        {
            w.Family("warden_instance_cpu_seconds_total", "counter", "CPU time of the instance's process tree since its current process started, from its control group.");
            for (var n = 0; n < instances.Count; n++)
            {
                if (instances[n].CpuTime is { } cpu)
                {
                    w.Sample("warden_instance_cpu_seconds_total", cpu.TotalSeconds, labels[n]);
                }
            }
        }

        if (instances.Any(i => i.Tasks is not null))
        {
            w.Family("warden_instance_tasks", "gauge", "Tasks (processes and threads) in the instance's control group.");
            for (var n = 0; n < instances.Count; n++)
            {
                if (instances[n].Tasks is { } tasks)
                {
                    w.Sample("warden_instance_tasks", tasks, labels[n]);
                }
            }
        }

        w.Family("warden_instance_state", "gauge", "Current state of the instance, one-hot over all states.");
        for (var n = 0; n < instances.Count; n++)
        {
            var i = instances[n];
            foreach (var state in States)
            {
                w.Sample(
                    "warden_instance_state",
                    i.State == state ? 1 : 0,
                    ("service", i.Service),
                    ("instance", i.Name),
                    ("group", i.Group),
                    ("state", StateName(state)));
            }
        }

        w.Family("warden_log_dropped_lines_total", "counter", "Captured output lines dropped since the warden started, per stream (or syslog target) and reason (rate-limit, write-failed, syslog-queue-full, syslog-send-failed); absent while nothing was dropped.");
        foreach (var (i, drop) in Drops(instances))
        {
            w.Sample("warden_log_dropped_lines_total", drop.Lines, DropLabels(i, drop));
        }

        w.Family("warden_log_dropped_bytes_total", "counter", "Captured output bytes dropped since the warden started, per stream and reason (syslog losses count lines only).");
        foreach (var (i, drop) in Drops(instances))
        {
            w.Sample("warden_log_dropped_bytes_total", drop.Bytes, DropLabels(i, drop));
        }

        var runtime = status.Runtime;
        w.Family("warden_dead_letters_total", "counter", "Messages the warden's actor system could not deliver.");
        w.Sample("warden_dead_letters_total", runtime.DeadLetters);
        w.Family("warden_process_resident_memory_bytes", "gauge", "Resident memory of the warden process itself in bytes.");
        w.Sample("warden_process_resident_memory_bytes", runtime.RssBytes);
        w.Family("warden_process_allocated_bytes_total", "counter", "Bytes the warden process has allocated on its managed heap since it started.");
        w.Sample("warden_process_allocated_bytes_total", runtime.AllocatedBytes);
        if (runtime.Collections.Count > 0)
        {
            w.Family("warden_process_gc_collections_total", "counter", "Garbage collections of the warden process since it started, by generation.");
            for (var generation = 0; generation < runtime.Collections.Count; generation++)
            {
                w.Sample("warden_process_gc_collections_total", runtime.Collections[generation], ("generation", generation.ToString(CultureInfo.InvariantCulture)));
            }
        }

        if (runtime.Stages is { Count: > 0 } stages)
        {
            w.Family("warden_stage_cpu_seconds_total", "counter", "The warden's own CPU time by stage of its work (warden.diagnostics.stage-costs).");
            foreach (var stage in stages)
            {
                w.Sample("warden_stage_cpu_seconds_total", stage.CpuNanoseconds / 1e9, ("stage", stage.Stage));
            }

            w.Family("warden_stage_allocated_bytes_total", "counter", "Bytes the warden allocated by stage of its work (warden.diagnostics.stage-costs).");
            foreach (var stage in stages)
            {
                w.Sample("warden_stage_allocated_bytes_total", stage.AllocatedBytes, ("stage", stage.Stage));
            }

            w.Family("warden_stage_entries_total", "counter", "Times each stage of the warden's work was entered (warden.diagnostics.stage-costs).");
            foreach (var stage in stages)
            {
                w.Sample("warden_stage_entries_total", stage.Entries, ("stage", stage.Stage));
            }
        }

        if (status.Containment is { } containment)
        {
            w.Family("warden_containment_info", "gauge", "1, labelled with how service trees are contained (cgroup-v2, cgroup-v1, job-object, none).");
            w.Sample("warden_containment_info", 1, ("mode", containment));
        }

        w.Family("warden_uptime_seconds", "gauge", "Seconds since the warden started.");
        w.Sample("warden_uptime_seconds", status.Uptime.TotalSeconds);
        return w.ToString();
    }

    /// <summary>The state label value: lower case, as in the JSON API.</summary>
    public static string StateName(ProcessState state) => state.ToString().ToLowerInvariant();

    private static IEnumerable<(InstanceStatus Instance, LogDropCount Drop)> Drops(IReadOnlyList<InstanceStatus> instances) =>
        instances.SelectMany(i => (i.LogDrops ?? []).Select(d => (i, d)));

    private static (string, string)[] DropLabels(InstanceStatus i, LogDropCount drop) =>
        [("service", i.Service), ("instance", i.Name), ("group", i.Group), ("stream", drop.Stream), ("reason", drop.Reason)];

    private static (string, string)[] Labels(InstanceStatus i) => [("service", i.Service), ("instance", i.Name), ("group", i.Group)];
}
