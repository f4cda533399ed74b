using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace ActorWarden.Processes.Linux.Cgroups;

/// <summary>
/// The control groups of one started tree: a group in the membership hierarchy (cgroup2 or the v1
/// freezer) and one per resource controller it uses, all with the same name. The child joins every
/// one of them before it executes, so all it ever forks is inside.
/// </summary>
internal sealed class InstanceCgroup
{
    private readonly CgroupLayout _layout;

    private InstanceCgroup(CgroupLayout layout, string name, bool keepFilesOpen = false)
    {
        _layout = layout;
        Name = name;
        Membership = Path.Combine(layout.MembershipBase, name);
        _memoryDir = Under(layout.Memory);
        _pidsDir = Under(layout.Pids);
        _cpuDir = Under(layout.Cpu);
        CpuAcctDir = layout.CpuAcctBase is null ? null : Path.Combine(layout.CpuAcctBase, name);
        ProcSuffix = Membership[Membership.LastIndexOf("/actorwarden/", StringComparison.Ordinal)..];
        Directories = [Membership];
        if (keepFilesOpen && layout.Mode == ContainmentMode.CgroupV2)
        {
            _directory = new KeptOpenFile(Membership, LibC.O_RDONLY | LibC.O_DIRECTORY);
            _events = new KeptOpenFile(Path.Combine(Membership, "cgroup.events"), inOnePiece: true);
            _cpuStat = new KeptOpenFile(Path.Combine(Membership, "cpu.stat"), inOnePiece: true);
        }
    }

    public string Name { get; }

    /// <summary>The name without its unique suffix: the key under which the launcher keeps the group idle for the instance's next start.</summary>
    public string Key => Name[..Math.Max(0, Name.LastIndexOf('.'))];

    public ContainmentMode Mode => _layout.Mode;

    /// <summary>The group whose cgroup.procs lists every member and through which the tree is killed.</summary>
    public string Membership { get; }

    /// <summary>How /proc/&lt;pid&gt;/cgroup ends for a member: "/actorwarden/&lt;warden id&gt;/&lt;name&gt;".</summary>
    public string ProcSuffix { get; }

    /// <summary>
    /// Every directory of this instance, membership first. A controller group that is not the
    /// membership group (a v1 hierarchy) is only created for the limit that needs it: each costs a
    /// mkdir, a cgroup.procs write per spawn and an rmdir, and the figures it would give are read
    /// another way without it (see <see cref="ReadUsage"/>).
    /// </summary>
    public IReadOnlyList<string> Directories { get; private set; }

    /// <summary>The limits written when the groups were created; a start with other limits gets new groups.</summary>
    public TreeLimits Limits { get; private set; } = TreeLimits.None;

    /// <summary>
    /// The cumulative counters (CPU time, OOM kills) when the previous tree in this group ended, so a
    /// tree started in a reused group reports only its own.
    /// </summary>
    public ResourceUsage? Baseline { get; set; }

    // A cgroup v2 group the launcher made, once it is handed on from an ended tree to the next (an instance
    // that ended is likely to restart, and to end again): its directory, which each spawn is born in, and
    // the two files read at each exit are opened when it is parked (KeepFilesOpen) and stay open until it
    // is removed, so a restart opens and closes none of them, as far as the descriptor budget allows. A
    // group's first tree reads them by path: a farm of long runners holds no descriptor for this. Null for
    // a group only looked at (a leftover, an adopted tree's).
    private readonly KeptOpenFile? _directory;
    private readonly KeptOpenFile? _events;
    private readonly KeptOpenFile? _cpuStat;

    private readonly string? _memoryDir;
    private readonly string? _pidsDir;
    private readonly string? _cpuDir;

    private string? MemoryDir => Uses(_memoryDir);

    private string? PidsDir => Uses(_pidsDir);

    private string? CpuDir => Uses(_cpuDir);

    private string? CpuAcctDir { get; }

    /// <summary>Groups not created yet (<see cref="Create"/> makes them).</summary>
    public static InstanceCgroup New(CgroupLayout layout, string name) => new(layout, name, keepFilesOpen: true);

    /// <summary>The groups named <paramref name="name"/> as they exist now (a leftover, or an adopted child's).</summary>
    public static InstanceCgroup For(CgroupLayout layout, string name)
    {
        var group = new InstanceCgroup(layout, name);
        group.Directories = group.AllCandidates().Where(Directory.Exists).Prepend(group.Membership).Distinct(StringComparer.Ordinal).ToList();
        return group;
    }

    private IEnumerable<string> AllCandidates() => new[] { Membership, _memoryDir, _pidsDir, _cpuDir, CpuAcctDir }.OfType<string>();

    /// <summary>Creates the groups and writes the limits; on failure nothing is left behind.</summary>
    /// <exception cref="CgroupException">A group cannot be created, or a limit is asked for that no controller here enforces.</exception>
    public void Create(TreeLimits limits)
    {
        Limits = limits;
        Directories = new[]
            {
                Membership,
                limits.MemoryMax is null ? null : _memoryDir,
                limits.PidsMax is null ? null : _pidsDir,
                limits.CpuQuota is null ? null : _cpuDir,
                CpuAcctDir,
            }.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
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

    /// <summary>
    /// What a child that joins its groups itself between fork and exec (<see cref="NativeSpawner"/>) is
    /// given, close-on-exec, for the caller to give back with <see cref="SpawnFiles.Close"/>: the cgroup
    /// v2 membership group's directory, which it can be born in (-1 in a v1 membership), and the
    /// cgroup.procs files of the other groups, opened for writing.
    /// </summary>
    public SpawnFiles OpenForSpawn()
    {
        var directory = -1;
        SafeFileHandle? kept = null;
        if (Mode == ContainmentMode.CgroupV2)
        {
            kept = Baseline is not null ? _directory?.Acquire() : null;
            directory = kept is not null ? (int)kept.DangerousGetHandle() : LibC.Open(Membership, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC);
            if (directory < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new CgroupException($"cannot open {Membership}: {LibC.Describe(errno)}", errno);
            }
        }

        var skip = directory >= 0 ? 1 : 0;
        var fds = new int[Directories.Count - skip];
        for (var i = 0; i < fds.Length; i++)
        {
            var path = Path.Combine(Directories[i + skip], "cgroup.procs");
            fds[i] = LibC.Open(path, LibC.O_WRONLY | LibC.O_CLOEXEC);
            if (fds[i] < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                new SpawnFiles(directory, fds[..i], kept).Close();
                throw new CgroupException($"cannot open {path}: {LibC.Describe(errno)}", errno);
            }
        }

        return new SpawnFiles(directory, fds, kept);
    }

    /// <summary>What <see cref="OpenForSpawn"/> gave: the directory is closed unless it is the group's kept one, which is only given back.</summary>
    public readonly record struct SpawnFiles(int Directory, int[] ProcsFiles, SafeFileHandle? KeptDirectory)
    {
        public void Close()
        {
            if (KeptDirectory is not null)
            {
                KeptOpenFile.Release(KeptDirectory);
            }
            else if (Directory >= 0)
            {
                LibC.Close(Directory);
            }

            foreach (var fd in ProcsFiles)
            {
                LibC.Close(fd);
            }
        }
    }

    /// <summary>
    /// Opens the files this group keeps once it is handed on (see the fields), all at once, so that a
    /// group at rest holds the same descriptors however many of its trees have ended since.
    /// </summary>
    public void KeepFilesOpen()
    {
        _directory?.OpenNow();
        _events?.OpenNow();
        _cpuStat?.OpenNow();
    }

    /// <summary>The living members (zombies are not listed by the kernel).</summary>
    public List<int> Members() => CgroupFs.ReadProcs(Membership);

    /// <summary>True when no living process is left in the group (or the group is gone).</summary>
    public bool IsEmpty() => Mode == ContainmentMode.CgroupV2
        ? ReadKeyed(_events, "cgroup.events", "populated"u8) is null or 0
        : Members().Count == 0;

    public IReadOnlyList<ContainedProcess> ListContained() =>
        Members().Select(pid => new ContainedProcess(pid, ReadCommandLine(pid))).Where(p => p.CommandLine.Length > 0).ToList();

    /// <param name="empty">The group is known to be empty (its tree has ended): no members to list for the memory and pid counts.</param>
    public ResourceUsage ReadUsage(bool empty = false)
    {
        long? memory = MemoryDir is null ? (empty ? 0 : SumRss())
            : _layout.Memory!.IsV2 ? CgroupFs.ReadNumber(Path.Combine(MemoryDir, "memory.current"))
            : CgroupFs.ReadNumber(Path.Combine(MemoryDir, "memory.usage_in_bytes"));
        long? oomKills = MemoryDir is null ? null
            : _layout.Memory!.IsV2 ? CgroupFs.ReadKeyed(Path.Combine(MemoryDir, "memory.events"), "oom_kill"u8)
            : CgroupFs.ReadKeyed(Path.Combine(MemoryDir, "memory.oom_control"), "oom_kill"u8);
        _layout.FlushCpuTime();
        TimeSpan? cpu = Mode == ContainmentMode.CgroupV2
            ? ReadKeyed(_cpuStat, "cpu.stat", "usage_usec"u8) is { } usec ? TimeSpan.FromMicroseconds(usec) : null
            : CpuAcctDir is not null && CgroupFs.ReadNumber(Path.Combine(CpuAcctDir, "cpuacct.usage")) is { } ns ? TimeSpan.FromTicks(ns / 100) : null;
        var pids = empty ? 0
            : PidsDir is not null && CgroupFs.ReadNumber(Path.Combine(PidsDir, "pids.current")) is { } current ? (int)current
            : Members().Count;
        return new ResourceUsage(memory, cpu, pids, oomKills);
    }

    /// <summary>
    /// <paramref name="raw"/> minus <see cref="Baseline"/> for the cumulative counters, so a tree in a
    /// reused group is not charged with its predecessors' CPU time and OOM kills.
    /// </summary>
    public static ResourceUsage Since(ResourceUsage raw, ResourceUsage? baseline) => baseline is null ? raw : raw with
    {
        CpuTime = raw.CpuTime - (baseline.CpuTime ?? TimeSpan.Zero),
        OomKills = raw.OomKills - (baseline.OomKills ?? 0),
    };

    /// <summary>Without a memory group: the resident memory of the members, as the polling fallback reads it.</summary>
    private long? SumRss()
    {
        long total = 0;
        foreach (var pid in Members())
        {
            total += ProcFs.ReadRss(pid) ?? 0;
        }

        return total;
    }

    /// <summary>A controller directory, when this instance's groups include it.</summary>
    private string? Uses(string? directory) => directory is not null && Directories.Contains(directory, StringComparer.Ordinal) ? directory : null;

    /// <summary>
    /// Removes every group of this instance that is empty; true when none is left. The kept files are
    /// closed first, whatever the outcome: a group that stays (its leftovers live on) is read by path.
    /// </summary>
    public bool Remove()
    {
        _directory?.Dispose();
        _events?.Dispose();
        _cpuStat?.Dispose();
        var all = true;
        foreach (var directory in Directories)
        {
            all &= CgroupFs.TryRemove(directory);
        }

        return all;
    }

    /// <summary>A keyed figure of the membership group's <paramref name="file"/>, through its kept handle once the group was handed on (before, by path).</summary>
    private long? ReadKeyed(KeptOpenFile? kept, string file, ReadOnlySpan<byte> key)
    {
        if (kept is null || Baseline is null)
        {
            return CgroupFs.ReadKeyed(Path.Combine(Membership, file), key);
        }

        Span<byte> buffer = stackalloc byte[4096];
        var length = kept.Read(buffer);
        return length < 0 ? null : CgroupFs.FindKeyed(buffer[..length], key);
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

    private void ApplyLimits(TreeLimits limits)
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
