using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace ActorWarden.ProcessBench;

/// <summary>What the numbers were measured on; written at the top of every result file.</summary>
internal sealed record Machine(
    string DateUtc,
    int Nproc,
    string CpuModel,
    string Kernel,
    string Os,
    string MemTotal,
    string Dotnet,
    string DotnetSdk,
    string Supervisord,
    string Gcc,
    string WardenCommit,
    string OpenFiles,
    string LoadAtStart)
{
    public static Machine Probe(Options o)
    {
        string Read(string path, Func<string, string> pick)
        {
            try
            {
                return pick(File.ReadAllText(path));
            }
            catch (IOException)
            {
                return "?";
            }
        }

        // The value after the first ':' or '=' of the first line starting with the key.
        string Line(string text, string key) =>
            text.Split('\n').FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal)) is { } l
                ? l[(l.IndexOfAny([':', '=']) + 1)..].Trim().Trim('"')
                : "?";

        var commit = Run("git", ["-C", o.RepoRoot, "rev-parse", "--short=12", "HEAD"]);
        var dirty = Run("git", ["-C", o.RepoRoot, "status", "--porcelain", "--", "src"]);
        var dirtyCount = dirty.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        return new Machine(
            DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
            Environment.ProcessorCount,
            Read("/proc/cpuinfo", t => Line(t, "model name")),
            Read("/proc/sys/kernel/osrelease", t => t.Trim()),
            Read("/etc/os-release", t => Line(t, "PRETTY_NAME")),
            Read("/proc/meminfo", t => Line(t, "MemTotal")),
            RuntimeInformation.FrameworkDescription,
            o.DotnetSdk,
            o.Supervisord is null ? "not available" : Run(o.Supervisord, ["--version"]),
            Run("gcc", ["-dumpfullversion"]),
            commit + (dirtyCount > 0 ? $" (+{dirtyCount} uncommitted paths under src/)" : ""),
            Read("/proc/self/limits", t => t.Split('\n').FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal)) is { } l
                ? string.Join(" ", l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(3).Take(2))
                : "?"),
            LoadAvg());
    }

    public static string LoadAvg()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    public static string Run(string file, string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args)
            {
                psi.ArgumentList.Add(a);
            }

            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit(10_000);
            return output.Trim();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return "?";
        }
    }

    public IEnumerable<(string Key, string Value)> Describe()
    {
        yield return ("date", DateUtc);
        yield return ("machine", $"{Nproc} vCPU, {CpuModel}, {MemTotal} RAM");
        yield return ("OS / kernel", $"{Os}, Linux {Kernel}");
        yield return (".NET", $"{Dotnet} (SDK {DotnetSdk})");
        yield return ("supervisord", Supervisord);
        yield return ("gcc", Gcc);
        yield return ("warden commit", WardenCommit);
        yield return ("open files limit (soft hard)", OpenFiles);
        yield return ("load average at start (1/5/15 min)", LoadAtStart);
    }
}
