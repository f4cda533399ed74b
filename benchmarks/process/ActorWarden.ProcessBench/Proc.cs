using System.Globalization;

namespace ActorWarden.ProcessBench;

/// <summary>One reading of a process from /proc: CPU ticks, memory, threads, fds.</summary>
internal sealed record ProcSample(int Pid, long MonoNs, long UtimeTicks, long StimeTicks, long RssKb, int Threads, int Fds)
{
    public long CpuTicks => UtimeTicks + StimeTicks;

    public double CpuSeconds => CpuTicks / (double)Proc.ClockTicks;
}

/// <summary>/proc readers (Linux only, like the rest of the benchmark).</summary>
internal static class Proc
{
    /// <summary>USER_HZ; 100 on every Linux the benchmark targets (checked by run.sh with getconf CLK_TCK).</summary>
    public static int ClockTicks { get; set; } = 100;

    public static bool Exists(int pid) => pid > 0 && Directory.Exists($"/proc/{pid}");

    /// <summary>The fields after the command name of /proc/PID/stat (index 0 = state), or null when gone.</summary>
    public static string[]? StatFields(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        return text[(close + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    public static ProcSample? Sample(int pid)
    {
        var f = StatFields(pid);
        if (f is null || f.Length < 13)
        {
            return null;
        }

        // After the comm: [0]=state [1]=ppid ... [11]=utime [12]=stime (fields 14 and 15 of stat(5)).
        var utime = long.Parse(f[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(f[12], CultureInfo.InvariantCulture);
        long rss = 0;
        var threads = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line[8..].Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            return null;
        }

        return new ProcSample(pid, Native.MonotonicNs(), utime, stime, rss, threads, CountFds(pid));
    }

    /// <summary>utime+stime ticks and name of every thread of <paramref name="pid"/>, by tid.</summary>
    public static Dictionary<int, (string Name, long Ticks)> ThreadCpu(int pid)
    {
        var result = new Dictionary<int, (string, long)>();
        try
        {
            foreach (var dir in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var text = File.ReadAllText(Path.Combine(dir, "stat"));
                    var open = text.IndexOf('(');
                    var close = text.LastIndexOf(')');
                    var f = text[(close + 2)..].Split(' ');
                    var tid = int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
                    result[tid] = (text[(open + 1)..close], long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture));
                }
                catch (IOException)
                {
                }
            }
        }
        catch (IOException)
        {
        }

        return result;
    }

    /// <summary>CPU by thread name between two <see cref="ThreadCpu"/> readings (threads born in between count from zero), busiest first.</summary>
    public static List<(string Name, int Threads, double Seconds)> ThreadCpuDelta(Dictionary<int, (string Name, long Ticks)> a, Dictionary<int, (string Name, long Ticks)> b) =>
        b.Select(kv => (kv.Value.Name, Ticks: kv.Value.Ticks - (a.TryGetValue(kv.Key, out var x) ? x.Ticks : 0)))
            .GroupBy(x => x.Name)
            .Select(g => (g.Key, g.Count(), g.Sum(x => x.Ticks) / (double)ClockTicks))
            .Where(x => x.Item3 > 0)
            .OrderByDescending(x => x.Item3)
            .ToList();

    public static int CountFds(int pid)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count();
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>Every live pid with its state letter, ppid and executable path ("" when unreadable).</summary>
    public static IEnumerable<(int Pid, char State, int Ppid)> All()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            var f = StatFields(pid);
            if (f is null || f.Length < 2)
            {
                continue;
            }

            yield return (pid, f[0][0], int.Parse(f[1], CultureInfo.InvariantCulture));
        }
    }

    public static string ExePath(int pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/exe").LinkTarget ?? "";
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>Zombie children of <paramref name="ppid"/> right now.</summary>
    public static List<int> Zombies(int ppid) => All().Where(p => p.Ppid == ppid && p.State == 'Z').Select(p => p.Pid).ToList();

    /// <summary>Live (non-zombie) processes whose executable lies under <paramref name="dir"/>: our benchmark children.</summary>
    public static List<int> ProcessesRunningFrom(string dir)
    {
        var prefix = Path.GetFullPath(dir).TrimEnd('/') + "/";
        var list = new List<int>();
        foreach (var (pid, state, _) in All())
        {
            if (state != 'Z' && ExePath(pid).StartsWith(prefix, StringComparison.Ordinal))
            {
                list.Add(pid);
            }
        }

        return list;
    }
}
