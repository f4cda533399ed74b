using ActorWarden.Processes;

namespace ActorWarden.Supervision.Tree.Messages;

/// <summary>The process <paramref name="Pid"/> ended (told from the exit watcher's continuation).</summary>
internal sealed record ProcessExitObserved(int Pid, ProcessExit Exit);

/// <summary>The backoff (or a wait for the previous process) of spawn attempt <paramref name="Generation"/> is over.</summary>
internal sealed record SpawnDue(int Generation, string Reason);

/// <summary>The process <paramref name="Pid"/> has outlived start-seconds: it counts as started.</summary>
internal sealed record StartSecondsElapsed(int Pid);

/// <summary>The stop signal to <paramref name="Pid"/> went unanswered for stop.timeout: kill the tree.</summary>
internal sealed record StopTimeoutElapsed(int Pid);

/// <summary>Time to sample the tree RSS of <paramref name="Pid"/> against max-memory.</summary>
internal sealed record MemoryCheckDue(int Pid);

/// <summary>
/// A health check or the memory limit failed while the process runs: the instance stops it through the
/// stop ladder and then fails with <paramref name="Cause"/>, so its supervisor decides about an instance
/// whose process is gone, never about one that still runs.
/// </summary>
internal sealed record FailAfterStop(Exception Cause, string Reason);
