using System.Globalization;
using System.Runtime.InteropServices;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// The chain of small programs that prepare a child before its own program runs, since posix_spawn can
/// neither set resource limits, a umask nor ids between fork and exec: util-linux <c>prlimit</c>
/// (setrlimit, while still root so hard limits may rise), then <c>/bin/sh -c 'umask …; exec …'</c>,
/// then <c>setpriv</c> (drops to the user). Each one execs the next, so the pid the warden watches
/// is the service's program from the last exec on. Nothing is added when nothing is asked for.
/// </summary>
internal static class ExecWrappers
{
    private static readonly string[] PrlimitLocations = ["/usr/bin/prlimit", "/bin/prlimit"];

    /// <summary>Returns the program and argv to spawn so that <paramref name="path"/> runs as the spec asks.</summary>
    public static (string Program, List<string> Argv) Build(ProcessStartSpec spec, string path)
    {
        var (program, argv) = spec.User is null && spec.Group is null
            ? (path, [path, .. spec.Arguments])
            : RunAsIdentity.Wrap(spec, path);
        if (spec.Umask is { } umask)
        {
            (program, argv) = WithUmask(spec, umask, argv);
        }

        if (spec.Limits is { IsEmpty: false } limits)
        {
            (program, argv) = WithLimits(spec, limits, argv, LibC.GetEuid() == 0);
        }

        return (program, argv);
    }

    /// <summary>Prefixes <paramref name="argv"/> with a shell that sets the umask and execs it.</summary>
    internal static (string Program, List<string> Argv) WithUmask(ProcessStartSpec spec, int umask, IReadOnlyList<string> argv)
    {
        if (umask is < 0 or > 511)
        {
            throw new ProcessStartException(spec.FileName, $"umask {Convert.ToString(umask, 8)} is outside 000..777");
        }

        const string shell = "/bin/sh";
        var octal = Convert.ToString(umask, 8).PadLeft(4, '0');
        return (shell, [shell, "-c", $"umask {octal} && exec \"$0\" \"$@\"", .. argv]);
    }

    /// <summary>Prefixes <paramref name="argv"/> with prlimit; refuses up front what prlimit would refuse after the start.</summary>
    internal static (string Program, List<string> Argv) WithLimits(ProcessStartSpec spec, ResourceLimits limits, IReadOnlyList<string> argv, bool privileged)
    {
        var prlimit = Array.Find(PrlimitLocations, File.Exists)
            ?? throw new ProcessStartException(spec.FileName, "resource limits need util-linux 'prlimit', which is not installed");
        var wrapped = new List<string> { prlimit };
        Add(wrapped, spec, "nofile", LibC.RLIMIT_NOFILE, limits.Nofile, privileged);
        Add(wrapped, spec, "nproc", LibC.RLIMIT_NPROC, limits.Nproc, privileged);
        Add(wrapped, spec, "core", LibC.RLIMIT_CORE, limits.Core, privileged);
        Add(wrapped, spec, "memlock", LibC.RLIMIT_MEMLOCK, limits.Memlock, privileged);
        wrapped.Add("--");
        wrapped.AddRange(argv);
        return (prlimit, wrapped);
    }

    private static void Add(List<string> argv, ProcessStartSpec spec, string name, int resource, ResourceLimit? limit, bool privileged)
    {
        if (limit is null)
        {
            return;
        }

        if (limit.Soft is { } soft && limit.Hard is { } hard && soft > hard)
        {
            throw new ProcessStartException(spec.FileName, $"limits.{name}: soft limit {soft} is above the hard limit {hard}");
        }

        if (!privileged && Exceeds(limit.Hard, CurrentHard(resource)))
        {
            throw new ProcessStartException(spec.FileName, $"limits.{name}: raising the hard limit to {Text(limit.Hard)} needs the warden to run as root (its own is {Text(CurrentHard(resource))})");
        }

        argv.Add($"--{name}={Text(limit.Soft)}:{Text(limit.Hard)}");
    }

    private static bool Exceeds(ulong? wanted, ulong? ceiling) => ceiling is { } c && (wanted is null || wanted > c);

    private static unsafe ulong? CurrentHard(int resource)
    {
        LibC.RLimit current;
        if (LibC.GetRLimit(resource, &current) != 0)
        {
            throw new InvalidOperationException($"getrlimit: {LibC.Describe(Marshal.GetLastPInvokeError())}");
        }

        return current.Max == ulong.MaxValue ? null : current.Max;
    }

    private static string Text(ulong? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "unlimited";
}
