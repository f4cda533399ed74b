using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes;
using ActorWarden.Supervision.Health;
using ActorWarden.Supervision.Hosting;
using Akka.Actor;

namespace ActorWarden.Supervision.Runtime;

/// <summary>
/// Everything about how a <see cref="Warden"/> runs that is not configuration: the OS seam (launcher,
/// RSS readings, inherited environment), the Akka settings (real or virtual time), the health-probe factory, the reload source and extra event observers.
/// Production passes the OS defaults; tests and <c>warden simulate</c> replace the seams so the very
/// same tree runs on virtual time with simulated processes.
/// </summary>
public sealed record WardenRuntimeOptions
{
    /// <summary>
    /// How often the status board refreshes the RSS of instances without max-memory: often enough for an
    /// operator's glance (systemd's Memory line is no fresher), rare enough that a thousand /proc reads
    /// stay a rounding error of the idle CPU.
    /// </summary>
    public static readonly TimeSpan DefaultRssRefreshInterval = TimeSpan.FromSeconds(10);

    /// <summary>Starts and adopts child processes (<see cref="ProcessLauncher.ForCurrentOs"/> in production).</summary>
    public required IProcessLauncher Launcher { get; init; }

    /// <summary>
    /// Akka settings laid over the warden's own (the <c>akka</c> section of reference.conf): the
    /// user's <c>akka { }</c> section, or the virtual scheduler and FIFO dispatchers of <c>warden simulate</c>.
    /// </summary>
    public Akka.Configuration.Config? AkkaConfig { get; init; }

    /// <summary>
    /// The actor system to run the tree in (Akka.Hosting's, or a virtual-time one for simulate and tests),
    /// created with <see cref="Hosting.WardenAkkaConfig"/> under its own config; asked for when the warden
    /// starts, because a host's system exists only once the host has started. Null: the warden creates
    /// its own from the settings and <see cref="AkkaConfig"/>. The warden terminates it at shutdown either way.
    /// </summary>
    public Func<ActorSystem>? ActorSystemProvider { get; init; }

    /// <summary>
    /// True when the system runs on virtual time (simulate, virtual-time tests): processes are simulated,
    /// so their pids mean nothing to the OS and nothing reads /proc for them.
    /// </summary>
    public bool VirtualTime { get; init; }

    /// <summary>The warden's own log (Akka's log joins it through Akka.Logger.Serilog); default: Serilog's static logger.</summary>
    public Serilog.ILogger? Logger { get; init; }

    /// <summary>Builds the probe of a health check from its expanded spec and the instance environment; default: <see cref="HealthProbeFactory.Create"/>.</summary>
    public Func<HealthSpec, IReadOnlyDictionary<string, string>, IHealthProbe>? HealthProbes { get; init; }

    /// <summary>Re-reads the configuration for <c>reload</c> (e.g. <c>() => WardenConfigLoader.Load(path)</c>); throws with file:line:column when invalid. Null: reload is refused.</summary>
    public Func<WardenSettings>? Reloader { get; init; }

    /// <summary>
    /// Opens the instances' notify sockets; default <see cref="Notify.NotifySetup.ChannelsFor"/>: the OS
    /// transport in the state folder, none on virtual time.
    /// </summary>
    public Processes.Notify.INotifyChannels? NotifyChannels { get; init; }

    /// <summary>The cluster node this warden is ("host:port"), stamped on every event; null outside a cluster.</summary>
    public string? Node { get; init; }

    /// <summary>Seed of the backoff jitter (and anything else random in the tree), so simulations repeat byte for byte.</summary>
    public int RandomSeed { get; init; } = 1;

    /// <summary>False for simulate: no events file, no state file, no captured-output files.</summary>
    public bool WriteFiles { get; init; } = true;

    /// <summary>Extra observers of every event (the systemd notifier, metrics, test captures).</summary>
    public IReadOnlyList<IEventPublisher> Observers { get; init; } = Array.Empty<IEventPublisher>();

    /// <summary>Resident memory of a process tree; default <see cref="ProcessInfo.ReadTreeRss"/>.</summary>
    public Func<int, long?>? ReadTreeRss { get; init; }

    /// <summary>
    /// Resident memory of one process (its own, not its children's), read for the status table's RSS
    /// column; default <see cref="ProcessInfo.ReadRss"/>, except on virtual time
    /// (<c>warden simulate</c>, virtual-time tests), whose processes are simulated and whose pids mean
    /// nothing to the OS: there the default is no reader and no refresh. Set it to read anyway (a fake).
    /// </summary>
    public Func<int, long?>? ReadRss { get; init; }

    /// <summary>How often the RSS column is refreshed for instances without max-memory; default <see cref="DefaultRssRefreshInterval"/>.</summary>
    public TimeSpan RssRefreshInterval { get; init; } = DefaultRssRefreshInterval;

    /// <summary>The reader the status board uses: <see cref="ReadRss"/> when set, else none on virtual time, else <see cref="ProcessInfo.ReadRss"/>.</summary>
    internal Func<int, long?>? EffectiveReadRss =>
        ReadRss ?? (VirtualTime ? null : ProcessInfo.ReadRss);

    /// <summary>The environment services inherit (inherit-env = on); default: the warden's own.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Finds a command's executable given the instance's PATH; default: a shell-like PATH search on disk.</summary>
    public Func<string, string?, string?>? ResolveCommand { get; init; }

    /// <summary>Tells whether a recorded survivor still runs (pid + start time); default <see cref="ProcessInfo.Exists"/>.</summary>
    public Func<int, ulong, bool>? ProcessExists { get; init; }

    /// <summary>Capacity of each live event stream (SSE client) before the oldest events are dropped.</summary>
    public int SubscriberCapacity { get; init; } = 1024;

    /// <summary>How long an operator command or status query may take before it fails.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
