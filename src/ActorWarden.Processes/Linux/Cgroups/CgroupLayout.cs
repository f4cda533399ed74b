using System.Text.RegularExpressions;

namespace ActorWarden.Processes.Linux.Cgroups;

/// <summary>
/// The warden's cgroup subtree, decided once per launcher: which hierarchy holds membership (and so
/// kills), and where each resource controller is. In v2 mode a controller the cgroup2 mount does not
/// offer (systemd's hybrid layout keeps memory, pids and cpu on v1) is taken from its v1 hierarchy,
/// as systemd does; the child joins every group before it executes.
/// </summary>
internal sealed partial class CgroupLayout
{
    private const string Subtree = "actorwarden";

    private CgroupLayout(ContainmentMode mode, string membershipBase, CgroupController? memory, CgroupController? pids, CgroupController? cpu, string? cpuAcctBase)
    {
        Mode = mode;
        MembershipBase = membershipBase;
        Memory = memory;
        Pids = pids;
        Cpu = cpu;
        CpuAcctBase = cpuAcctBase;
        _baseCpuStat = mode == ContainmentMode.CgroupV2 ? new KeptOpenFile(Path.Combine(membershipBase, "cpu.stat"), inOnePiece: true) : null;
    }

    public ContainmentMode Mode { get; }

    /// <summary>The warden's base group in the membership hierarchy (cgroup2, or the v1 freezer).</summary>
    public string MembershipBase { get; }

    private readonly KeptOpenFile? _baseCpuStat;

    /// <summary>
    /// In v2, brings every instance group's CPU time up to date at once by reading the base group's
    /// cpu.stat, so that the instance's own read that follows finds nothing left to flush. Nothing in v1,
    /// whose cpuacct counters are not flushed on read.
    /// </summary>
    /// <remarks>
    /// The kernel keeps the groups with CPU time not yet added up in a singly linked list under their
    /// parent, and a read of one group's cpu.stat unlinks that group alone by walking the list to it:
    /// with a thousand churning instances side by side, every group is on it, and the read at each exit
    /// was 7.8 % of the warden's CPU (perf). A read of the parent empties the list in one pass over
    /// the groups that ran since the last one, a few when it runs at every exit: 0.8 % for both reads.
    /// </remarks>
    public void FlushCpuTime()
    {
        Span<byte> buffer = stackalloc byte[512];
        _baseCpuStat?.Read(buffer);
    }

    public CgroupController? Memory { get; }

    public CgroupController? Pids { get; }

    public CgroupController? Cpu { get; }

    /// <summary>The v1 cpuacct base (CPU time); null in v2, where the membership group's cpu.stat has it.</summary>
    public string? CpuAcctBase { get; }

    public LimitSupport Limits => new(Memory is not null, Pids is not null, Cpu is not null);

    /// <summary>Picks the containment <paramref name="options"/> asks for; null means none (the subreaper sweep).</summary>
    /// <exception cref="PlatformNotSupportedException">A forced mode (v2 or v1) is not available; the message says what is missing.</exception>
    public static CgroupLayout? Resolve(ContainmentOptions options, CgroupMounts mounts)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!ValidId().IsMatch(options.WardenId) || options.WardenId is "." or "..")
        {
            throw new ArgumentException($"containment warden id '{options.WardenId}' may hold only letters, digits, '-', '_' and '.'", nameof(options));
        }

        switch (options.Setting)
        {
            case ContainmentSetting.Off:
                return null;
            case ContainmentSetting.V2:
                return TryV2(options.WardenId, mounts, out var whyNotV2) ?? throw new PlatformNotSupportedException($"containment v2 is not available: {whyNotV2}");
            case ContainmentSetting.V1:
                return TryV1(options.WardenId, mounts, out var whyNotV1) ?? throw new PlatformNotSupportedException($"containment v1 is not available: {whyNotV1}");
            default:
                return TryV2(options.WardenId, mounts, out _) ?? TryV1(options.WardenId, mounts, out _);
        }
    }

    /// <summary>The group directories for a new instance named <paramref name="name"/> (created by <see cref="InstanceCgroup.Create"/>).</summary>
    public InstanceCgroup NewInstance(string name) =>
        InstanceCgroup.New(this, $"{Sanitize(name)}.{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 4))}");

    /// <summary>The part of a group's name that comes from <paramref name="name"/>, the key under which an idle group is kept for reuse.</summary>
    public static string KeyOf(string name) => Sanitize(name);

    /// <summary>Group names under the membership base: this warden's instances, live or left over.</summary>
    public IReadOnlyList<string> ListInstanceNames()
    {
        try
        {
            return Directory.GetDirectories(MembershipBase).Select(d => Path.GetFileName(d)!).ToList();
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    /// <summary>Removes this warden's base groups in every hierarchy, where they are empty; true when all are gone.</summary>
    public bool RemoveBase()
    {
        _baseCpuStat?.Dispose();
        var all = true;
        foreach (var directory in new[] { MembershipBase, Memory?.BaseDirectory, Pids?.BaseDirectory, Cpu?.BaseDirectory, CpuAcctBase }.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            all &= CgroupFs.TryRemove(directory);
        }

        return all;
    }

    private static CgroupLayout? TryV2(string id, CgroupMounts mounts, out string whyNot)
    {
        if (mounts.UnifiedOwn is not { } own)
        {
            whyNot = "no cgroup2 mount (see /proc/self/mountinfo)";
            return null;
        }

        var wardenDir = Path.Combine(own, Subtree);
        var baseDir = Path.Combine(wardenDir, id);
        if (!TryCreate(baseDir, out whyNot))
        {
            return null;
        }

        if (!File.Exists(Path.Combine(baseDir, "cgroup.kill")))
        {
            whyNot = $"{baseDir} has no cgroup.kill (Linux 5.14 or newer is needed)";
            return null;
        }

        var offered = (CgroupFs.TryRead(Path.Combine(own, "cgroup.controllers")) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var controller in new[] { "memory", "pids", "cpu" }.Where(offered.Contains))
        {
            // Fails at a level that holds processes (the no-internal-process rule); then v1 or nothing.
            foreach (var level in new[] { own, wardenDir, baseDir })
            {
                CgroupFs.TryWrite(Path.Combine(level, "cgroup.subtree_control"), "+" + controller);
            }
        }

        var enabled = (CgroupFs.TryRead(Path.Combine(baseDir, "cgroup.subtree_control")) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        CgroupController? Pick(string controller, string v1Name) =>
            enabled.Contains(controller) ? new CgroupController(baseDir, IsV2: true) : V1Controller(id, mounts, v1Name);

        whyNot = "";
        return new CgroupLayout(ContainmentMode.CgroupV2, baseDir, Pick("memory", "memory"), Pick("pids", "pids"), Pick("cpu", "cpu"), cpuAcctBase: null);
    }

    private static CgroupLayout? TryV1(string id, CgroupMounts mounts, out string whyNot)
    {
        if (!mounts.V1Own.TryGetValue("freezer", out var freezerOwn))
        {
            whyNot = "no cgroup v1 freezer hierarchy is mounted";
            return null;
        }

        var baseDir = Path.Combine(freezerOwn, Subtree, id);
        if (!TryCreate(baseDir, out whyNot))
        {
            return null;
        }

        return new CgroupLayout(ContainmentMode.CgroupV1, baseDir, V1Controller(id, mounts, "memory"), V1Controller(id, mounts, "pids"),
            V1Controller(id, mounts, "cpu"), V1Controller(id, mounts, "cpuacct")?.BaseDirectory);
    }

    private static CgroupController? V1Controller(string id, CgroupMounts mounts, string controller)
    {
        if (!mounts.V1Own.TryGetValue(controller, out var own))
        {
            return null;
        }

        var baseDir = Path.Combine(own, Subtree, id);
        return TryCreate(baseDir, out _) ? new CgroupController(baseDir, IsV2: false) : null;
    }

    private static bool TryCreate(string directory, out string whyNot)
    {
        try
        {
            Directory.CreateDirectory(directory);
            whyNot = "";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            whyNot = $"cannot create {directory}: {e.Message}";
            return false;
        }
    }

    private static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').Take(64).ToArray();
        var clean = new string(chars).TrimStart('.');
        return clean.Length == 0 ? "child" : clean;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ValidId();
}
