namespace ActorWarden.Config;

/// <summary>
/// One supervised program and its policy, bound from <c>warden.services.NAME</c> merged over
/// <c>warden.service-defaults</c>. Defaults here equal reference.conf (a test keeps them equal), so
/// tests and the simulator can build specs in code.
/// </summary>
public sealed record ServiceSpec
{
    public required string Name { get; init; }

    public required string Command { get; init; }

    public IReadOnlyList<string> Args { get; init; } = Array.Empty<string>();

    /// <summary>Absolute working directory.</summary>
    public string Directory { get; init; } = "";

    public bool InheritEnv { get; init; } = true;

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> EnvUnset { get; init; } = Array.Empty<string>();

    /// <summary>Secret variables (values already read from secret-env-files); masked everywhere they could show.</summary>
    public IReadOnlyDictionary<string, string> SecretEnv { get; init; } = new Dictionary<string, string>();

    public int Instances { get; init; } = 1;

    public int PortBase { get; init; }

    public bool Autostart { get; init; } = true;

    public RestartPolicy Restart { get; init; } = RestartPolicy.OnFailure;

    public IReadOnlyList<int> SuccessExitCodes { get; init; } = new[] { 0 };

    public IReadOnlyDictionary<int, ExitAction> ExitCodes { get; init; } = new Dictionary<int, ExitAction>();

    public TimeSpan StartSeconds { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>What makes a spawned process count as started: outliving start-seconds, or sending READY=1.</summary>
    public ReadyMode Ready { get; init; } = ReadyMode.Started;

    /// <summary>With <see cref="ReadyMode.Notify"/>: no READY=1 within this long is a failed start (systemd TimeoutStartSec).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);

    public int StartRetries { get; init; } = 3;

    /// <summary>Null = a Fatal instance stays down until an operator starts it.</summary>
    public TimeSpan? FatalRetry { get; init; } = TimeSpan.FromMinutes(5);

    public BackoffSpec Backoff { get; init; } = new();

    public IntensitySpec Intensity { get; init; } = new(5, TimeSpan.FromSeconds(10));

    public StopSpec Stop { get; init; } = new();

    /// <summary>Dependencies, in order; binds-to entries are included (each is also an ordering dependency).</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = Array.Empty<string>();

    /// <summary>
    /// systemd's BindsTo=: when one of these stops or fails, this service is stopped, and it starts again
    /// once they are all ready. Every entry is also in <see cref="DependsOn"/>.
    /// </summary>
    public IReadOnlyList<string> BindsTo { get; init; } = Array.Empty<string>();

    public string? User { get; init; }

    public string? Group { get; init; }

    public int? Nice { get; init; }

    public long? MaxMemoryBytes { get; init; }

    public TimeSpan MemoryCheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Resource limits set before the program starts; null = the warden's own.</summary>
    public ActorWarden.Processes.ResourceLimits? Limits { get; init; }

    /// <summary>File mode creation mask of the program (e.g. 0o027); null = the warden's own.</summary>
    public int? Umask { get; init; }

    /// <summary>How <c>warden reload NAME</c> reloads the running program.</summary>
    public ReloadSpec Reload { get; init; } = new();

    /// <summary>pre-start / post-stop commands and their deadline.</summary>
    public HookSpec Hooks { get; init; } = new();

    /// <summary>What of the tree is signalled at stop and killed when the main process exits (systemd's KillMode).</summary>
    public KillMode KillMode { get; init; } = KillMode.ControlGroup;

    /// <summary>Tasks (processes and threads) of the whole tree, enforced by pids.max (systemd's TasksMax); null = no limit.</summary>
    public int? MaxPids { get; init; }

    /// <summary>CPU of the whole tree as a fraction of one CPU (0.5 = 50 %), enforced by cpu.max (systemd's CPUQuota); null = no limit.</summary>
    public double? CpuQuota { get; init; }

    public HealthSpec Health { get; init; } = new();

    /// <summary>True when the instance gets a notify socket: it is awaited for READY=1 or sends heartbeats.</summary>
    public bool UsesNotify => Ready == ReadyMode.Notify || Health.Type == HealthCheckType.Heartbeat;

    public LogSpec Logs { get; init; } = new();

    /// <summary>Where the instances run when the warden is a cluster node (local = on this warden).</summary>
    public Placement Placement { get; init; } = Placement.Local;

    /// <summary>Set when this service hosts one instance of a cluster-placed farm on this node (see <see cref="PlacedInstance"/>).</summary>
    public PlacedInstance? PlacedFrom { get; init; }

    /// <summary>Instance names in start order: the service name when Instances = 1, else NAME-1..NAME-N.</summary>
    public IReadOnlyList<string> InstanceNames =>
        Instances == 1 ? new[] { Name } : Enumerable.Range(1, Instances).Select(i => $"{Name}-{i}").ToArray();
}
