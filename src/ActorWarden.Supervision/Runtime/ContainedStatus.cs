using ActorWarden.Processes;

namespace ActorWarden.Supervision.Runtime;

/// <summary>
/// Adds what the launcher knows of each instance's tree to the status views: the containment mode,
/// and memory, CPU time and tasks of the whole tree from its control group (systemd's Memory, CPU and
/// Tasks lines of <c>systemctl status</c>). Read at query time, per live pid, so the supervision
/// actors keep no copy that could go stale.
/// </summary>
public static class ContainedStatus
{
    /// <summary>The name of <paramref name="launcher"/>'s containment, as status shows it.</summary>
    public static string ModeName(IProcessLauncher launcher)
    {
        ArgumentNullException.ThrowIfNull(launcher);
        return launcher.Containment switch
        {
            ContainmentMode.CgroupV2 => "cgroup-v2",
            ContainmentMode.CgroupV1 => "cgroup-v1",
            _ => OperatingSystem.IsWindows() ? "job-object" : "none",
        };
    }

    /// <summary><paramref name="status"/> with the containment mode and each contained instance's tree usage.</summary>
    public static WardenStatus Enrich(WardenStatus status, IProcessLauncher launcher) => Enrich(status, launcher, launcher.ReadUsage);

    /// <summary>As <see cref="Enrich(WardenStatus, IProcessLauncher)"/>, with the usage of a pid read through <paramref name="readUsage"/> (a cached reader).</summary>
    public static WardenStatus Enrich(WardenStatus status, IProcessLauncher launcher, Func<int, ResourceUsage?> readUsage)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(launcher);
        return status with { Instances = Enrich(status.Instances, launcher, readUsage), Containment = ModeName(launcher) };
    }

    /// <summary>Each contained instance of <paramref name="instances"/> with its tree's memory, CPU time and tasks.</summary>
    public static IReadOnlyList<InstanceStatus> Enrich(IReadOnlyList<InstanceStatus> instances, IProcessLauncher launcher, Func<int, ResourceUsage?> readUsage)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(readUsage);
        if (launcher.Containment == ContainmentMode.None)
        {
            return instances;
        }

        var result = new InstanceStatus[instances.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var instance = instances[i];
            result[i] = instance.Pid is { } pid && readUsage(pid) is { } usage
                ? instance with { RssBytes = usage.MemoryBytes ?? instance.RssBytes, CpuTime = usage.CpuTime, Tasks = usage.Pids }
                : instance;
        }

        return result;
    }
}
