using System.Globalization;
using System.Text;

namespace ActorWarden.Processes.Linux.Cgroups;

/// <summary>
/// The control groups of one started tree: a group in the membership hierarchy (cgroup2 or the v1
/// freezer) and one per resource controller it uses, all with the same name. The child joins every
/// one of them before it executes, so all it ever forks is inside.
/// </summary>
internal sealed class InstanceCgroup
{
    private readonly CgroupLayout _layout;

    private InstanceCgroup(CgroupLayout layout, string name)
    {
        _layout = layout;
        Name = name;
        Membership = Path.Combine(layout.MembershipBase, name);
        MemoryDir = Under(layout.Memory);
        PidsDir = Under(layout.Pids);
        CpuDir = Under(layout.Cpu);
        CpuAcctDir = layout.CpuAcctBase is null ? null : Path.Combine(layout.CpuAcctBase, name);
        ProcSuffix = Membership[Membership.LastIndexOf("/actorwarden/", StringComparison.Ordinal)..];
        Directories = new[] { Membership, MemoryDir, PidsDir, CpuDir, CpuAcctDir }.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
    }

    public string Name { get; }

    public ContainmentMode Mode => _layout.Mode;

    /// <summary>The group whose cgroup.procs lists every member and through which the tree is killed.</summary>
    public string Membership { get; }

    /// <summary>How /proc/&lt;pid&gt;/cgroup ends for a member: "/actorwarden/&lt;warden id&gt;/&lt;name&gt;".</summary>
    public string ProcSuffix { get; }

    /// <summary>Every directory of this instance, membership first.</summary>
    public IReadOnlyList<string> Directories { get; }

    private string? MemoryDir { get; }

    private string? PidsDir { get; }

    private string? CpuDir { get; }

    private string? CpuAcctDir { get; }

    public static InstanceCgroup For(CgroupLayout layout, string name) => new(layout, name);

    /// <summary>Creates the groups and writes the limits; on failure nothing is left behind.</summary>
    /// <exception cref="CgroupException">A group cannot be created, or a limit is asked for that no controller here enforces.</exception>
    public void Create(ResourceLimits limits)
    {
        try
        {
            foreach (var directory in Directories)
            {
                Directory.CreateDirectory(directory);
            }

            ApplyLimits(limits);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CgroupException)
        {
            Remove();
            throw e as CgroupException ?? new CgroupException($"cannot create control group {Name}: {e.Message}", 0);
        }
    }

    /// <summary>Moves <paramref name="pid"/> (the gated, not yet executed child) into every group.</summary>
    public void Enter(int pid)
    {
        var text = pid.ToString(CultureInfo.InvariantCulture);
        foreach (var directory in Directories)
        {
            CgroupFs.Write(Path.Combine(directory, "cgroup.procs"), text);
        }
    }

    /// <summary>The living members (zombies are not listed by the kernel).</summary>
    public List<int> Members() => CgroupFs.ReadProcs(Membership);

    /// <summary>True when no living process is left in the group (or the group is gone).</summary>
    public bool IsEmpty() => Mode == ContainmentMode.CgroupV2
        ? CgroupFs.ReadKeyed(Path.Combine(Membership, "cgroup.events"), "populated") is null or 0
        : Members().Count == 0;

    public IReadOnlyList<ContainedProcess> ListContained() =>
        Members().Select(pid => new ContainedProcess(pid, ReadCommandLine(pid))).Where(p => p.CommandLine.Length > 0).ToList();

    public ResourceUsage ReadUsage()
    {
        long? memory = MemoryDir is null ? null
            : _layout.Memory!.IsV2 ? CgroupFs.ReadNumber(Path.Combine(MemoryDir, "memory.current"))
            : CgroupFs.ReadNumber(Path.Combine(MemoryDir, "memory.usage_in_bytes"));
        long? oomKills = MemoryDir is null ? null
            : _layout.Memory!.IsV2 ? CgroupFs.ReadKeyed(Path.Combine(MemoryDir, "memory.events"), "oom_kill")
            : CgroupFs.ReadKeyed(Path.Combine(MemoryDir, "memory.oom_control"), "oom_kill");
        TimeSpan? cpu = Mode == ContainmentMode.CgroupV2
            ? CgroupFs.ReadKeyed(Path.Combine(Membership, "cpu.stat"), "usage_usec") is { } usec ? TimeSpan.FromMicroseconds(usec) : null
            : CpuAcctDir is not null && CgroupFs.ReadNumber(Path.Combine(CpuAcctDir, "cpuacct.usage")) is { } ns ? TimeSpan.FromTicks(ns / 100) : null;
        var pids = PidsDir is not null && CgroupFs.ReadNumber(Path.Combine(PidsDir, "pids.current")) is { } current
            ? (int)current
            : Members().Count;
        return new ResourceUsage(memory, cpu, pids, oomKills);
    }

    /// <summary>Removes every group of this instance that is empty; true when none is left.</summary>
    public bool Remove()
    {
        var all = true;
        foreach (var directory in Directories)
        {
            all &= CgroupFs.TryRemove(directory);
        }

        return all;
    }

    /// <summary>What ps shows: argv joined by spaces (a rewritten process title included), or [comm] when argv is empty.</summary>
    internal static string ReadCommandLine(int pid)
    {
        try
        {
            var raw = File.ReadAllBytes($"/proc/{pid}/cmdline");
            var text = Encoding.UTF8.GetString(raw).TrimEnd('\0').Replace('\0', ' ');
            if (text.Length > 0)
            {
                return text;
            }

            return $"[{File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n')}]";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private void ApplyLimits(ResourceLimits limits)
    {
        if (limits.MemoryMax is { } memory)
        {
            var dir = MemoryDir ?? throw Unsupported("max-memory", "memory");
            CgroupFs.Write(Path.Combine(dir, _layout.Memory!.IsV2 ? "memory.max" : "memory.limit_in_bytes"), memory.ToString(CultureInfo.InvariantCulture));
        }

        if (limits.PidsMax is { } pids)
        {
            var dir = PidsDir ?? throw Unsupported("max-pids", "pids");
            CgroupFs.Write(Path.Combine(dir, "pids.max"), pids.ToString(CultureInfo.InvariantCulture));
        }

        if (limits.CpuQuota is { } quota)
        {
            var dir = CpuDir ?? throw Unsupported("cpu-quota", "cpu");
            const long period = 100_000;
            var microseconds = Math.Max(1000, (long)Math.Round(quota * period)).ToString(CultureInfo.InvariantCulture);
            if (_layout.Cpu!.IsV2)
            {
                CgroupFs.Write(Path.Combine(dir, "cpu.max"), $"{microseconds} {period}");
            }
            else
            {
                CgroupFs.Write(Path.Combine(dir, "cpu.cfs_period_us"), period.ToString(CultureInfo.InvariantCulture));
                CgroupFs.Write(Path.Combine(dir, "cpu.cfs_quota_us"), microseconds);
            }
        }
    }

    private CgroupException Unsupported(string setting, string controller) =>
        new($"{setting} needs the cgroup '{controller}' controller, which is not available to the warden ({Mode} containment)", 0);

    private string? Under(CgroupController? controller) => controller is null ? null : Path.Combine(controller.BaseDirectory, Name);
}
