using ActorWarden.Config;
using ActorWarden.Processes;
using ActorWarden.Supervision.Tree.Launch;
using Akka.Actor;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// The state of one instance, owned by its actor's cell. Akka replaces the actor object at a restart but
/// keeps its cell, mailbox and ref; the instance's state belongs to the cell, so the Props factory hands
/// this one slot to every incarnation, and only the current incarnation touches it. Nothing outside the
/// instance actor reads or writes it: others learn the state from its events and change it by messages.
/// </summary>
internal sealed class InstanceSlot
{
    public InstanceSlot(bool wanted, bool held)
    {
        Wanted = wanted;
        Held = held;
    }

    /// <summary>The instance's state; written only by the instance actor's transition function.</summary>
    public ProcessState State { get; set; } = ProcessState.Stopped;

    /// <summary>True when an operator or autostart wants the instance up (and no stop came since).</summary>
    public bool Wanted { get; set; }

    /// <summary>True while a restart, give-up or reload, not the instance itself, decides when it starts.</summary>
    public bool Held { get; set; }

    /// <summary>
    /// True once a reload's stop wave retired this actor: a successor actor takes the instance over, so
    /// this one never spawns again (two actors must never both run a process of one instance).
    /// </summary>
    public bool Retiring { get; set; }

    /// <summary>The live process, or null; never more than one.</summary>
    public IChildProcess? Process { get; set; }

    /// <summary>When the live process was spawned, on the scheduler's monotonic clock.</summary>
    public TimeSpan SpawnedAt { get; set; }

    /// <summary>The process that ended last, released at the next spawn (its captured pipes belong to their pump).</summary>
    public IChildProcess? Ended { get; set; }

    /// <summary>
    /// The process the live one named with MAINPID=, watched from then on: when the live process exits
    /// (a forking daemon's launcher), this one becomes the instance's process instead of an exit.
    /// </summary>
    public IChildProcess? Main { get; set; }

    /// <summary>The launcher a MAINPID took over from, released with the main process.</summary>
    public IChildProcess? HandedOver { get; set; }

    /// <summary>What to do once the live process has stopped: start again, fail (health, memory), or nothing.</summary>
    public AfterStop AfterStop { get; set; }

    /// <summary>The failure to throw once the process has stopped (a failed health check, the memory limit).</summary>
    public Exception? FailWith { get; set; }

    /// <summary>Stop waves waiting for no process to run (answered with InstanceDown).</summary>
    public List<IActorRef> DownWaiters { get; } = new();

    /// <summary>
    /// The launch plan of the last successful spawn: the environment copy, the variable expansion and the
    /// PATH lookup are the same at every restart, so a crash loop does not redo them. An operator start or
    /// a failed start plans afresh, so a binary that moved or appeared is found again.
    /// </summary>
    public LaunchPlan? Plan { get; set; }

    /// <summary>The service spec a reload applied in place (health, backoff, stop …), kept across restarts; null = the one the actor was created with.</summary>
    public ServiceSpec? Spec { get; set; }

    /// <summary>
    /// The instance's log shipper, kept across Akka's restarts of its actor: one writer per log file. A
    /// new shipper per restart wrote the same files at its own offsets while the old one still drained.
    /// </summary>
    public IActorRef? Logs { get; set; }

    /// <summary>The instance's sd_notify socket, opened at its first spawn when the service uses the protocol.</summary>
    public Processes.Notify.INotifyChannel? Notify { get; set; }

    /// <summary>True once the survivors of a previous warden were considered (at the first spawn only).</summary>
    public bool SurvivorConsidered { get; set; }

    /// <summary>Counts spawn attempts, so a stale timer or wait is recognised and ignored.</summary>
    public int Generation { get; set; }
}

/// <summary>What an instance does once its process has stopped.</summary>
internal enum AfterStop
{
    Nothing,
    Start,
    Fail,
}
