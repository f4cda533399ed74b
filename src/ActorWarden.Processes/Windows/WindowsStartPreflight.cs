namespace ActorWarden.Processes.Windows;

/// <summary>
/// Windows counterparts of the Linux pre-spawn checks: resolve the program (PATH and PATHEXT from the
/// child's environment), check the working directory, refuse run-as, and phrase CreateProcess errors.
/// </summary>
internal static class WindowsStartPreflight
{
    private const int ErrorFileNotFound = 2;
    private const int ErrorPathNotFound = 3;
    private const int ErrorAccessDenied = 5;
    private const int ErrorBadExeFormat = 193;
    private const int ErrorDirectory = 267;
    private const int ErrorElevationRequired = 740;

    public static string ResolveExecutable(ProcessStartSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.FileName))
        {
            throw new ProcessStartException(spec.FileName ?? string.Empty, "no program given (FileName is empty)");
        }

        if (spec.User is not null || spec.Group is not null)
        {
            throw new ProcessStartException(spec.FileName, "running as another user or group is not supported on Windows; run the warden service under that account");
        }

        if (spec.Limits is { IsEmpty: false } || spec.Umask is not null)
        {
            throw new ProcessStartException(spec.FileName, "limits and umask are Linux settings (setrlimit, umask); Windows has neither");
        }

        if (spec.WorkingDirectory is not null && !Directory.Exists(spec.WorkingDirectory))
        {
            throw new ProcessStartException(spec.FileName, $"working directory '{spec.WorkingDirectory}' does not exist");
        }

        var hasDirectory = spec.FileName.IndexOfAny(['\\', '/', ':']) >= 0;
        var path = hasDirectory
            ? Path.GetFullPath(spec.FileName, spec.WorkingDirectory ?? Environment.CurrentDirectory)
            : SearchPath(spec);

        if (Directory.Exists(path))
        {
            throw new ProcessStartException(spec.FileName, "is a directory");
        }

        if (!File.Exists(path))
        {
            throw new ProcessStartException(spec.FileName, "no such file or directory", ErrorFileNotFound);
        }

        return path;
    }

    /// <summary>NORMAL for 0; nice levels map onto the priority classes (the same bands Cygwin uses).</summary>
    public static uint PriorityClass(int? nice) => nice switch
    {
        null or 0 => 0x00000020,
        < -20 or > 19 => throw new ArgumentOutOfRangeException(nameof(nice), nice, "nice is -20..19"),
        <= -15 => 0x00000080,
        < 0 => 0x00008000,
        >= 15 => 0x00000040,
        _ => 0x00004000,
    };

    public static ProcessStartException Explain(ProcessStartSpec spec, int error, string systemMessage) => error switch
    {
        ErrorFileNotFound or ErrorPathNotFound => new ProcessStartException(spec.FileName, "no such file or directory", error),
        ErrorAccessDenied => new ProcessStartException(spec.FileName, "permission denied (not executable)", error),
        ErrorBadExeFormat => new ProcessStartException(spec.FileName, "not a valid Windows program (exec format error)", error),
        ErrorDirectory => new ProcessStartException(spec.FileName, $"working directory '{spec.WorkingDirectory}' is not valid", error),
        ErrorElevationRequired => new ProcessStartException(spec.FileName, "the program requires elevation", error),
        _ => new ProcessStartException(spec.FileName, systemMessage, error),
    };

    private static string SearchPath(ProcessStartSpec spec)
    {
        var environment = new Dictionary<string, string>(spec.Environment, StringComparer.OrdinalIgnoreCase);
        var searchPath = environment.TryGetValue("PATH", out var childPath) ? childPath : Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var extensions = (environment.TryGetValue("PATHEXT", out var pathExt) ? pathExt : ".COM;.EXE;.BAT;.CMD")
            .Split(';', StringSplitOptions.RemoveEmptyEntries);
        var candidates = Path.HasExtension(spec.FileName) ? [spec.FileName] : extensions.Select(e => spec.FileName + e).ToArray();
        foreach (var directory in searchPath.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in candidates)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        throw new ProcessStartException(spec.FileName, $"not found in PATH ({searchPath})", ErrorFileNotFound);
    }
}
