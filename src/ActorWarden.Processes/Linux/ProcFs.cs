using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// Parsers for /proc. Every reader tolerates the process vanishing mid-read (it returns null or
/// skips it) because processes die at any moment and that is not an error for a supervisor.
/// </summary>
internal static class ProcFs
{
    /// <summary>One row of /proc/&lt;pid&gt;/stat that the supervisor cares about.</summary>
    internal readonly record struct StatLine(int Pid, char State, int ParentPid, int ProcessGroup, int Session, ulong StartTime);

    public static StatLine? ReadStat(int pid)
    {
        // A stat line is a few hundred bytes (the command name is at most 15): read and parsed on the stack,
        // since the orphan reaper and the spawn path read one for every process they look at.
        Span<byte> buffer = stackalloc byte[StatBytes];
        var length = ReadSmall($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat", buffer);
        return length < 0 ? null : ParseStat(pid, buffer[..length]);
    }

    private const int StatBytes = 1024;

    /// <summary>
    /// Parses a stat line. The command name (field 2) may contain spaces and parentheses, so the
    /// fixed fields are read after the LAST ')'.
    /// </summary>
    public static StatLine? ParseStat(int pid, string text) => ParseStat(pid, Encoding.UTF8.GetBytes(text));

    /// <inheritdoc cref="ParseStat(int, string)"/>
    public static StatLine? ParseStat(int pid, ReadOnlySpan<byte> text)
    {
        var close = text.LastIndexOf((byte)')');
        if (close < 0 || close + 2 >= text.Length)
        {
            return null;
        }

        // Fields after ')' start at field 3 (state); field N is at index N - 3.
        var rest = text[(close + 2)..];
        char state = '\0';
        int parent = 0, group = 0, session = 0;
        ulong startTime = 0;
        var index = 0;
        foreach (var range in rest.SplitAny(" \n"u8))
        {
            var field = rest[range];
            if (field.IsEmpty)
            {
                continue;
            }

            var parsed = index switch
            {
                0 => (state = (char)field[0]) != '\0',
                1 => int.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out parent),
                2 => int.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out group),
                3 => int.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out session),
                19 => ulong.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out startTime),
                _ => true,
            };
            if (!parsed)
            {
                return null;
            }

            if (index++ == 19)
            {
                return new StatLine(pid, state, parent, group, session, startTime);
            }
        }

        return null;
    }

    public static ulong? ReadStartTime(int pid) => ReadStat(pid)?.StartTime;

    public static bool IsZombie(int pid) => ReadStat(pid)?.State == 'Z';

    public static long? ReadRss(int pid)
    {
        // The status board reads every instance's every 10 s: a thousand reads that allocated a buffer, a
        // string and its fields each made the runtime collect at every refresh of an idle farm.
        var fd = LibC.Open($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/statm", LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[256];
        int length;
        try
        {
            length = Fill(fd, buffer);
        }
        finally
        {
            LibC.Close(fd);
        }

        // "size resident shared text lib data dt", in pages: the second field.
        var line = buffer[..Math.Max(length, 0)];
        var space = line.IndexOf((byte)' ');
        if (space < 0)
        {
            return null;
        }

        var resident = line[(space + 1)..];
        var end = resident.IndexOfAny((byte)' ', (byte)'\n');
        resident = end < 0 ? resident : resident[..end];
        return System.Buffers.Text.Utf8Parser.TryParse(resident, out long pages, out var used) && used == resident.Length && resident.Length > 0
            ? pages * Environment.SystemPageSize
            : null;
    }

    /// <summary>All numeric entries of /proc: the pids alive (or zombie) right now.</summary>
    public static IEnumerable<int> EnumeratePids()
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories("/proc");
        }
        catch (IOException)
        {
            yield break;
        }

        foreach (var entry in entries)
        {
            if (int.TryParse(Path.GetFileName(entry.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    /// <summary>A snapshot of every process's stat line, for walking parent links.</summary>
    public static List<StatLine> Snapshot()
    {
        var lines = new List<StatLine>();
        foreach (var pid in EnumeratePids())
        {
            if (ReadStat(pid) is { } line)
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    /// <summary>
    /// The warden's own children, from /proc/self/task/*/children (a handful of reads instead of a
    /// scan of every process); falls back to a full scan when the kernel lacks CONFIG_PROC_CHILDREN.
    /// </summary>
    public static IReadOnlyList<int> ListOwnChildren()
    {
        if (!HasChildrenLists)
        {
            var self = Environment.ProcessId;
            return Snapshot().Where(l => l.ParentPid == self).Select(l => l.Pid).ToList();
        }

        return ReadChildren("self");
    }

    /// <summary>
    /// The children of the warden's main thread only: where the kernel re-parents the orphans of a
    /// subreaper's descendants (the first live thread of the subreaper, its leader while it runs). One
    /// file instead of one per thread, for the check that runs on every SIGCHLD.
    /// </summary>
    public static IReadOnlyList<int> ListMainThreadChildren()
    {
        if (!HasChildrenLists)
        {
            return ListOwnChildren();
        }

        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            int length;
            while ((length = MainThreadChildren.Read(buffer)) == buffer.Length)
            {
                // Full: there may be more (a large farm lists thousands of pids); read again into a larger buffer.
                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            return length <= 0 ? [] : ParsePids(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The pids of a children list ("12 345 6789 ").</summary>
    private static List<int> ParsePids(ReadOnlySpan<byte> text)
    {
        var pids = new List<int>();
        foreach (var range in text.SplitAny(" \n"u8))
        {
            if (int.TryParse(text[range], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
            {
                pids.Add(pid);
            }
        }

        return pids;
    }

    // Read at every SIGCHLD, so kept open for the warden's life (a pread instead of an open, a read and a
    // close), and opened with the class, so that its one descriptor predates any count of the warden's.
    private static readonly KeptOpenFile MainThreadChildren = new KeptOpenFile($"/proc/self/task/{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}/children").OpenNow();

    /// <summary>True when the kernel offers /proc/&lt;pid&gt;/task/&lt;tid&gt;/children (CONFIG_PROC_CHILDREN).</summary>
    public static bool HasChildrenLists { get; } =
        File.Exists($"/proc/self/task/{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}/children");

    /// <summary>
    /// Stat lines of <paramref name="roots"/> and all their descendants, found through the children
    /// lists. Callers repeat the walk until it finds nothing new, because a process forking during a
    /// walk may be missed by it.
    /// </summary>
    public static List<StatLine> SubtreeSnapshot(IEnumerable<int> roots)
    {
        var lines = new List<StatLine>();
        var seen = new HashSet<int>();
        var queue = new Queue<int>(roots);
        while (queue.TryDequeue(out var pid))
        {
            if (!seen.Add(pid) || ReadStat(pid) is not { } line)
            {
                continue;
            }

            lines.Add(line);
            foreach (var child in ReadChildren(pid.ToString(CultureInfo.InvariantCulture)))
            {
                queue.Enqueue(child);
            }
        }

        return lines;
    }

    /// <summary>The children of every thread of a process (children belong to the thread that forked them).</summary>
    private static List<int> ReadChildren(string process)
    {
        var children = new List<int>();
        IEnumerable<string> tasks;
        try
        {
            tasks = Directory.EnumerateDirectories($"/proc/{process}/task").ToList();
        }
        catch (IOException)
        {
            return children;
        }

        foreach (var task in tasks)
        {
            // A thread (or process) that exits meanwhile just has no file to read.
            var text = ReadSmallFile(Path.Combine(task, "children"));
            foreach (var field in (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                children.Add(int.Parse(field, CultureInfo.InvariantCulture));
            }
        }

        return children;
    }

    public static IReadOnlyList<int> ListDescendants(int pid) => Descendants(Snapshot(), [pid]);

    /// <summary>Descendants of any of <paramref name="roots"/> by parent pid (roots excluded).</summary>
    public static List<int> Descendants(List<StatLine> snapshot, IReadOnlyCollection<int> roots)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var line in snapshot)
        {
            if (!children.TryGetValue(line.ParentPid, out var list))
            {
                children[line.ParentPid] = list = [];
            }

            list.Add(line.Pid);
        }

        var result = new List<int>();
        var seen = new HashSet<int>(roots);
        var queue = new Queue<int>(roots);
        while (queue.TryDequeue(out var current))
        {
            if (!children.TryGetValue(current, out var list))
            {
                continue;
            }

            foreach (var child in list)
            {
                if (seen.Add(child))
                {
                    result.Add(child);
                    queue.Enqueue(child);
                }
            }
        }

        return result;
    }

    /// <summary>Pids whose initial environment holds ACTORWARDEN_TREE=<paramref name="marker"/>.</summary>
    public static IReadOnlyList<int> FindByMarker(string marker)
    {
        var needle = Encoding.UTF8.GetBytes($"{ProcessInfo.TreeMarkerVariable}={marker}");
        var self = Environment.ProcessId;
        var result = new List<int>();
        foreach (var pid in EnumeratePids())
        {
            if (pid != self && EnvironContains(pid, needle))
            {
                result.Add(pid);
            }
        }

        return result;
    }

    /// <summary>
    /// True when /proc/&lt;pid&gt;/environ (the environment the process was exec'd with) holds an entry equal
    /// to <paramref name="entryPrefix"/>, or merely starting with it when <paramref name="wholeEntry"/> is false.
    /// </summary>
    public static bool EnvironContains(int pid, ReadOnlySpan<byte> entryPrefix, bool wholeEntry = true)
    {
        var environ = ReadBytes($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/environ");
        if (environ is null)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = environ;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)0);
            var entry = end < 0 ? rest : rest[..end];
            if (wholeEntry ? entry.SequenceEqual(entryPrefix) : entry.StartsWith(entryPrefix))
            {
                return true;
            }

            rest = end < 0 ? [] : rest[(end + 1)..];
        }

        return false;
    }

    /// <summary>
    /// True when /proc/&lt;pid&gt;/environ reads empty although the process exists: a process in the middle
    /// of execve shows no environment until its new image is set up (or it was started with none).
    /// </summary>
    public static bool EnvironLooksEmpty(int pid) =>
        ReadBytes($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/environ") is { Length: 0 };

    /// <summary>The value of ACTORWARDEN_TREE in the initial environment of <paramref name="pid"/>, if any.</summary>
    public static string? ReadMarker(int pid)
    {
        var environ = ReadBytes($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/environ");
        if (environ is null)
        {
            return null;
        }

        var prefix = $"{ProcessInfo.TreeMarkerVariable}=";
        foreach (var entry in Encoding.UTF8.GetString(environ).Split('\0'))
        {
            if (entry.StartsWith(prefix, StringComparison.Ordinal))
            {
                return entry[prefix.Length..];
            }
        }

        return null;
    }

    public static int CountOpenFds() => CountEntries("/proc/self/fd");

    public static int CountThreads() => CountEntries("/proc/self/task");

    private static int CountEntries(string directory)
    {
        var count = 0;
        foreach (var _ in Directory.EnumerateFileSystemEntries(directory))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// Reads <paramref name="path"/> into <paramref name="buffer"/>: its length, <c>buffer.Length</c> when it may
    /// hold more, or -1 when it cannot be read (as <see cref="ReadBytes"/>, an errno rather than an exception).
    /// </summary>
    internal static int ReadSmall(string path, Span<byte> buffer)
    {
        var fd = LibC.Open(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            return -1;
        }

        try
        {
            return Fill(fd, buffer);
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    private static string? ReadSmallFile(string path)
    {
        var bytes = ReadBytes(path);
        return bytes is null ? null : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// The whole file, or null when it cannot be read: read with open/read/close, not File.ReadAllBytes,
    /// because the common miss here (a process that has just exited) then costs an errno, not an
    /// exception; the orphan reaper and the session pruner read the files of dead pids at every restart.
    /// </summary>
    private static byte[]? ReadBytes(string path)
    {
        var fd = LibC.Open(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            return null;
        }

        try
        {
            var buffer = new byte[1024];
            var length = 0;
            while (true)
            {
                var read = Fill(fd, buffer.AsSpan(length));
                if (read < 0)
                {
                    return null;
                }

                length += read;
                if (length < buffer.Length)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    /// <summary>Reads <paramref name="fd"/> until <paramref name="buffer"/> is full or the file ends: the bytes read, or -1 on an error.</summary>
    internal static unsafe int Fill(int fd, Span<byte> buffer)
    {
        var length = 0;
        while (length < buffer.Length)
        {
            nint read;
            fixed (byte* at = &buffer[length])
            {
                read = LibC.Read(fd, at, (nuint)(buffer.Length - length));
            }

            if (read < 0)
            {
                if (Marshal.GetLastPInvokeError() == LibC.EINTR)
                {
                    continue;
                }

                return -1;
            }

            if (read == 0)
            {
                break;
            }

            length += (int)read;
        }

        return length;
    }
}
