using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Tree;

namespace ActorWarden.Supervision.Runtime;

/// <summary>
/// Deals with the survivors of a previous warden (found through the state file) before anything
/// starts, so a crash never leads to duplicate instances: by default their whole trees are killed, and
/// with orphans = adopt a survivor becomes the running process of the instance it was (watched by
/// pidfd, since it is not our child). A survivor being killed stays tracked under its instance, so the
/// instance's first spawn waits until it is really gone (no port clash). Then whatever is still in the
/// previous warden's control groups (daemons that escaped every session, processes of an instance whose
/// main process died with the warden) is killed under either policy: an adopted survivor keeps its own
/// group, and a group without a main process has nothing to be adopted into.
/// </summary>
public sealed class OrphanSweeper
{
    private readonly IProcessLauncher _launcher;
    private readonly Func<int, ulong, bool> _exists;
    private readonly EventEmitter _events;
    private readonly Serilog.ILogger _log;

    public OrphanSweeper(IProcessLauncher launcher, Func<int, ulong, bool> exists, EventEmitter events, Serilog.ILogger log)
    {
        _launcher = launcher ?? throw new ArgumentNullException(nameof(launcher));
        _exists = exists ?? throw new ArgumentNullException(nameof(exists));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>Kills or adopts each survivor in <paramref name="survivors"/>; returns those found alive, adopted or being killed. Then kills what is left in the previous warden's control groups.</summary>
    public IReadOnlyList<SurvivorProcess> Sweep(IReadOnlyList<StateEntry> survivors, OrphanPolicy policy, TreeLayout layout)
    {
        var found = new List<SurvivorProcess>();
        foreach (var survivor in survivors)
        {
            if (!_exists(survivor.Pid, survivor.StartTime))
            {
                continue;
            }

            var process = _launcher.Adopt(survivor.Pid, survivor.StartTime);
            if (process is null)
            {
                continue;
            }

            var adoptable = policy == OrphanPolicy.Adopt
                && layout.TryGetInstance(survivor.Instance, out var instance)
                && instance.Service == survivor.Service
                && layout.Service(survivor.Service).Autostart;
            if (adoptable)
            {
                found.Add(new SurvivorProcess(survivor.Instance, survivor.Service, process, Adopted: true));
                _events.Emit(survivor.Service, survivor.Instance, new OrphanEvent(survivor.Pid, Adopted: true));
                continue;
            }

            // The orphan event is the operator's line ("orphan: killed pid …"); this one only for --verbose.
            _log.Debug("Killing survivor {Instance} (pid {Pid}) of a previous warden", survivor.Instance, survivor.Pid);
            found.Add(new SurvivorProcess(survivor.Instance, survivor.Service, process, Adopted: false));
            _events.Emit(survivor.Service, survivor.Instance, new OrphanEvent(survivor.Pid, Adopted: false));
            process.KillTree();
        }

        KillLeftoverGroups(layout);
        return found;
    }

    /// <summary>Kills what the previous warden left in its control groups (an adopted survivor's own group is live by now and not among them).</summary>
    private void KillLeftoverGroups(TreeLayout layout)
    {
        var leftovers = _launcher.FindLeftoverCgroups();
        if (leftovers.Count == 0)
        {
            return;
        }

        // Which service a group belonged to is not known for sure: mask every service's secrets.
        var mask = new SecretMask(layout.Services.SelectMany(s => s.SecretEnv.Values));
        foreach (var group in leftovers)
        {
            _log.Debug("Killing {Count} processes a previous warden left in control group {Group}", group.Processes.Count, group.Name);
            _events.Emit(
                null,
                null,
                new LeftoverGroupEvent(group.Name, group.Processes.Select(p => p.Pid).ToArray(), mask.Apply(group.Processes.Select(p => p.CommandLine))));
        }

        _launcher.KillLeftoverCgroups(leftovers);
    }
}
