namespace ActorWarden.Processes.Linux;

/// <summary>
/// Checks made before spawning so that the common mistakes get a precise message (the errno from
/// a failed exec is ambiguous: ENOENT may mean the program or the working directory).
/// </summary>
internal static class SpawnPreflight
{
    /// <summary>Refuses what no spawn can run: no program, or a nice value the kernel does not have.</summary>
    public static void CheckRequest(ProcessStartSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.FileName))
        {
            throw new ProcessStartException(spec.FileName ?? string.Empty, "no program given (FileName is empty)");
        }

        if (spec.Nice is < -20 or > 19)
        {
            throw new ProcessStartException(spec.FileName, $"nice {spec.Nice} is outside -20..19");
        }
    }

    /// <summary>
    /// The program's path without a look at the file system, for a spawner that reports a failed chdir or
    /// exec itself (<see cref="Failure"/> then finds out which mistake it was); null when the name must be
    /// searched in PATH. Four stats and an access(2) per start were a tenth of the warden's time between an
    /// exit and the next exec, to check what the exec checks anyway.
    /// </summary>
    public static string? Direct(ProcessStartSpec spec) =>
        spec.FileName.Contains('/', StringComparison.Ordinal) ? FullPath(spec) : null;

    /// <summary>
    /// The absolute path of the program (after <see cref="CheckRequest"/>); throws
    /// <see cref="ProcessStartException"/> when it cannot be run.
    /// </summary>
    public static string ResolveExecutable(ProcessStartSpec spec)
    {
        if (spec.WorkingDirectory is not null && !Directory.Exists(spec.WorkingDirectory))
        {
            throw new ProcessStartException(spec.FileName, $"working directory '{spec.WorkingDirectory}' does not exist");
        }

        var path = Direct(spec) ?? SearchPath(spec);

        if (Directory.Exists(path))
        {
            throw new ProcessStartException(spec.FileName, "is a directory");
        }

        if (!File.Exists(path))
        {
            throw new ProcessStartException(spec.FileName, "no such file or directory", LibC.ENOENT);
        }

        if (LibC.Access(path, LibC.X_OK) != 0)
        {
            throw new ProcessStartException(spec.FileName, "permission denied (not executable)", LibC.EACCES);
        }

        return path;
    }

    /// <summary>
    /// A failed spawn as a one-line reason: the precise mistake when the checks of <see cref="ResolveExecutable"/>
    /// find one (no such program, a directory, not executable, no working directory), else the errno phrased.
    /// </summary>
    public static ProcessStartException Failure(ProcessStartSpec spec, int errno)
    {
        try
        {
            ResolveExecutable(spec);
        }
        catch (ProcessStartException precise)
        {
            return precise;
        }

        return Explain(spec, errno);
    }

    /// <summary>Phrases a posix_spawn failure (exec or chdir in the child) as a one-line reason.</summary>
    public static ProcessStartException Explain(ProcessStartSpec spec, int errno) => errno switch
    {
        LibC.ENOENT when spec.WorkingDirectory is not null && !Directory.Exists(spec.WorkingDirectory) =>
            new ProcessStartException(spec.FileName, $"working directory '{spec.WorkingDirectory}' does not exist", errno),
        LibC.ENOENT => new ProcessStartException(spec.FileName, "no such file or directory (or its #! interpreter is missing)", errno),
        LibC.EACCES => new ProcessStartException(spec.FileName, "permission denied (not executable)", errno),
        LibC.EISDIR => new ProcessStartException(spec.FileName, "is a directory", errno),
        LibC.ENOEXEC => new ProcessStartException(spec.FileName, "exec format error (not a binary for this machine and no #! line)", errno),
        _ => new ProcessStartException(spec.FileName, LibC.Describe(errno), errno),
    };

    /// <summary>A name with a slash, made absolute against the working directory (a rooted one asks for no getcwd).</summary>
    private static string FullPath(ProcessStartSpec spec) => Path.IsPathRooted(spec.FileName)
        ? Path.GetFullPath(spec.FileName)
        : Path.GetFullPath(spec.FileName, spec.WorkingDirectory ?? Environment.CurrentDirectory);

    /// <summary>PATH lookup as execvp does it, with the child's PATH (falling back to the warden's).</summary>
    private static string SearchPath(ProcessStartSpec spec)
    {
        var searchPath = spec.Environment.TryGetValue("PATH", out var childPath)
            ? childPath
            : Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var directory in searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, spec.FileName);
            if (File.Exists(candidate) && LibC.Access(candidate, LibC.X_OK) == 0)
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new ProcessStartException(spec.FileName, $"not found in PATH ({searchPath})", LibC.ENOENT);
    }
}
