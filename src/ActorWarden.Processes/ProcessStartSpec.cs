namespace ActorWarden.Processes;

/// <summary>
/// Everything the OS needs to start one child process. The environment is complete and explicit
/// (nothing is inherited from the warden) so that a service's behaviour does not depend on how the
/// warden itself was started; the supervision layer builds it from the service spec.
/// </summary>
public sealed record ProcessStartSpec
{
    private static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    /// <summary>Absolute path of the executable (no PATH lookup happens here: the child's PATH is not ours).</summary>
    public required string FileName { get; init; }

    /// <summary>Arguments after argv[0]; argv[0] is <see cref="FileName"/>.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Working directory of the child; null keeps the warden's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The complete environment of the child (nothing is inherited).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = NoEnvironment;

    /// <summary>Run as this user (name or numeric uid). Linux only, and only when the warden is root.</summary>
    public string? User { get; init; }

    /// <summary>Run with this primary group (name or numeric gid); defaults to the user's primary group.</summary>
    public string? Group { get; init; }

    /// <summary>Resource limits set in the child before the program starts (Linux); null inherits the warden's.</summary>
    public ResourceLimits? Limits { get; init; }

    /// <summary>The file mode creation mask of the child (e.g. 0o027); null inherits the warden's.</summary>
    public int? Umask { get; init; }

    /// <summary>Scheduling niceness (-20..19) applied right after spawn.</summary>
    public int? Nice { get; init; }

    /// <summary>
    /// When true, stdout and stderr are exposed as async streams; when false they go to the null
    /// device, which is the cheapest spawn.
    /// </summary>
    public bool CaptureOutput { get; init; } = true;

    /// <summary>
    /// Names the child's control group (with a unique suffix), e.g. the instance name "web:0"; null uses
    /// the file name. Characters other than letters, digits, '-', '_' and '.' become '_'.
    /// </summary>
    public string? ContainmentName { get; init; }

    /// <summary>Kernel limits for the whole tree; setting one the launcher cannot enforce fails the start.</summary>
    public TreeLimits TreeLimits { get; init; } = TreeLimits.None;
}
