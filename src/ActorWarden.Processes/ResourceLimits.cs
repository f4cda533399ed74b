namespace ActorWarden.Processes;

/// <summary>
/// One resource limit: the soft value the process runs with and the hard ceiling it may raise it to
/// (setrlimit). Null means unlimited (RLIM_INFINITY).
/// </summary>
public sealed record ResourceLimit(ulong? Soft, ulong? Hard);

/// <summary>
/// The limits a service runs with, set in the child before the program starts, as systemd's
/// LimitNOFILE=, LimitNPROC=, LimitCORE= and LimitMEMLOCK= do (supervisord's minfds and minprocs).
/// A null limit is inherited from the warden.
/// </summary>
public sealed record ResourceLimits
{
    /// <summary>Open files (RLIMIT_NOFILE).</summary>
    public ResourceLimit? Nofile { get; init; }

    /// <summary>Processes of the user (RLIMIT_NPROC).</summary>
    public ResourceLimit? Nproc { get; init; }

    /// <summary>Core dump size in bytes (RLIMIT_CORE).</summary>
    public ResourceLimit? Core { get; init; }

    /// <summary>Locked memory in bytes (RLIMIT_MEMLOCK).</summary>
    public ResourceLimit? Memlock { get; init; }

    /// <summary>True when no limit is set.</summary>
    public bool IsEmpty => Nofile is null && Nproc is null && Core is null && Memlock is null;
}
