using ActorWarden.Processes;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Health;
using ActorWarden.Config;

namespace ActorWarden.Supervision.Tree;

/// <summary>
/// The collaborators every actor of one tree shares, handed down through Props: the launcher, the
/// event emitter, the process roster and the seams that tests and <c>warden simulate</c> replace
/// (health probes, RSS readings, the warden's environment, the random seed). Immutable.
/// </summary>
public sealed record TreeContext
{
    public required IProcessLauncher Launcher { get; init; }

    public required EventEmitter Events { get; init; }

    /// <summary>The <see cref="Runtime.ProcessRoster"/>: told of every spawn and exit, it keeps the state file and kills what is left at shutdown.</summary>
    public required Akka.Actor.IActorRef Roster { get; init; }

    /// <summary>
    /// Survivors of a previous warden by instance, found before the tree started: an adopted one becomes
    /// the instance's process at its first start, and the first spawn waits until one being killed is gone.
    /// </summary>
    public IReadOnlyDictionary<string, Runtime.SurvivorProcess> Survivors { get; init; } = new Dictionary<string, Runtime.SurvivorProcess>();

    public required Serilog.ILogger Log { get; init; }

    /// <summary>Where blocking OS work (tree kills, sweeps) runs, off the actors' and the timer's threads.</summary>
    public required Hosting.DetachedWork Detached { get; init; }

    /// <summary>Builds the probe of an instance's health check from its expanded spec and environment.</summary>
    public required Func<HealthSpec, IReadOnlyDictionary<string, string>, IHealthProbe> HealthProbes { get; init; }

    /// <summary>Resident memory of a process tree (null when gone); only sampled for services with max-memory.</summary>
    public required Func<int, long?> ReadTreeRss { get; init; }

    /// <summary>The environment inherited by services with inherit-env = on.</summary>
    public required IReadOnlyDictionary<string, string> WardenEnvironment { get; init; }

    /// <summary>
    /// Finds the executable of a command given the instance's PATH (the launcher does no lookup); null
    /// when not found. The simulator replaces it, since simulated commands exist nowhere on disk.
    /// </summary>
    public Func<string, string?, string?> ResolveCommand { get; init; } = ExecutableLookup.Resolve;

    /// <summary>
    /// Opens each instance's notify socket (ready = notify, heartbeat checks); null on virtual time,
    /// where an instance that needs one fails to start with a clear error.
    /// </summary>
    public Processes.Notify.INotifyChannels? NotifyChannels { get; init; }

    /// <summary>
    /// Cancelled once the warden begins to stop, before any message of the stop reaches the tree. A restart
    /// that its supervisor decided just before (its Relaunch already queued ahead of the StandDown) is then
    /// not carried out: under churn, hundreds of children were spawned after SIGTERM that way (supervisord's
    /// SHUTDOWN mood, which no restart crosses). The warden cancels it and nothing else writes it.
    /// </summary>
    public CancellationToken Stopping { get; init; }

    /// <summary>Seed of every Random in the tree (backoff jitter), so simulations repeat exactly.</summary>
    public int Seed { get; init; }

    /// <summary>Whether captured output goes to log files (off in simulate: nothing touches the disk).</summary>
    public bool CaptureOutput { get; init; } = true;

    /// <summary>Receives RSS samples for the status board; null when nobody listens.</summary>
    public Action<string, long>? RssObserved { get; init; }

    /// <summary>A stable per-name seed derived from <see cref="Seed"/> (string.GetHashCode is randomized per process).</summary>
    public int SeedFor(string name)
    {
        unchecked
        {
            var hash = (int)2166136261 ^ Seed;
            foreach (var c in name)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }
}
