namespace ActorWarden.Processes;

/// <summary>
/// A running child (or an adopted process) as the supervisor sees it. Exit is observed by one shared
/// watcher (epoll over pidfds on Linux, thread-pool waits on Windows), never by a thread per child.
/// </summary>
/// <remarks>
/// Continuations on <see cref="Exited"/> may run synchronously on the shared watcher thread: consumers
/// must only enqueue (e.g. Tell an actor) and never block there, or every other child's exit is delayed.
/// Disposing releases the output streams but neither kills nor forgets the child: its exit is still
/// reaped so no zombie is left.
/// </remarks>
public interface IChildProcess : IDisposable
{
    /// <summary>The OS process id (also the process-group and session id on Linux).</summary>
    int Pid { get; }

    /// <summary>The kernel start time (clock ticks since boot on Linux), which together with <see cref="Pid"/> identifies the process across pid reuse.</summary>
    ulong StartTime { get; }

    /// <summary>Completes once when the process has exited and been reaped.</summary>
    Task<ProcessExit> Exited { get; }

    /// <summary>
    /// The child's stdout, read asynchronously without a dedicated thread; null when output is not
    /// captured or the process was adopted. It must be drained: a child blocks once the buffer is full.
    /// </summary>
    Stream? StandardOutput { get; }

    /// <summary>The child's stderr; null when output is not captured or the process was adopted.</summary>
    Stream? StandardError { get; }

    /// <summary>
    /// Hands both pipes to a reader that drains them to end of stream and closes them itself; from then on
    /// <see cref="IDisposable.Dispose"/> leaves them open. Closing a pipe at the next restart lost the last
    /// lines a crashing child wrote whenever the restart came before its reader had drained them.
    /// </summary>
    (Stream? Stdout, Stream? Stderr) TakeOutput() => (StandardOutput, StandardError);

    /// <summary>Sends <paramref name="signal"/> to the child's whole process group. A no-op once the child has exited.</summary>
    void Signal(ProcessSignal signal);

    /// <summary>
    /// Sends <paramref name="signal"/> to the child's process group and, with a control group, to every
    /// process in it (systemd's KillMode=control-group), setsid children included. A no-op once the
    /// child has exited and left nothing.
    /// </summary>
    void SignalTree(ProcessSignal signal) => Signal(signal);

    /// <summary>
    /// Sends <paramref name="signal"/> to the main process alone, not its group (supervisorctl signal,
    /// systemctl kill --kill-whom=main): nginx reloads on a HUP to its master, which must not reach the
    /// workers. Where a process cannot be addressed alone (Windows), it goes the way <see cref="Signal"/> goes.
    /// A no-op once the child has exited.
    /// </summary>
    void SignalMain(ProcessSignal signal) => Signal(signal);

    /// <summary>
    /// Kills the child, its process group and every descendant that escaped the group (daemons that
    /// called setsid and double-forked), then reaps whatever became our child. A no-op once everything
    /// is gone. It waits (in the kernel, bounded to about two seconds) for the killed processes to
    /// die so that it can reap them; normally that takes well under a millisecond. Works after the
    /// child itself has exited, for the descendants it left behind. With a control group
    /// (<see cref="Containment"/>) the whole group is killed at once (cgroup.kill, or freeze-kill-thaw
    /// on v1), whatever its members did to their session or environment, and the group is removed.
    /// </summary>
    void KillTree();

    /// <summary>How this tree is contained; <see cref="ContainmentMode.None"/> for adopted processes outside our cgroups.</summary>
    ContainmentMode Containment => ContainmentMode.None;

    /// <summary>
    /// The living processes in this child's control group, the child itself included while it runs:
    /// once the child has exited, what it left behind (for an <c>escaped</c> event, before the restart
    /// kills it). Empty without a control group, and once the group is gone.
    /// </summary>
    IReadOnlyList<ContainedProcess> ListContained() => [];

    /// <summary>Memory, CPU, pids and OOM kills of the whole tree from its control group; null without one.</summary>
    ResourceUsage? ReadUsage() => null;
}
