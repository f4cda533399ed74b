using ActorWarden.Processes;

namespace ActorWarden.Supervision.Tests.Fakes;

/// <summary>
/// A scripted child: exits when the test (or its script) says so, records the signals it got, and by
/// default dies of SIGTERM like a well-behaved program. Its exit completes synchronously, as the real
/// exit watcher may, so virtual-time tests stay deterministic.
/// </summary>
public sealed class FakeChildProcess : IChildProcess
{
    private readonly TaskCompletionSource<ProcessExit> _exited = new();
    private readonly List<ProcessSignal> _signals = new();

    public FakeChildProcess(int pid, ProcessStartSpec spec)
    {
        Pid = pid;
        Spec = spec;
        StartTime = (ulong)pid * 7;
    }

    public int Pid { get; }

    public ulong StartTime { get; }

    public ProcessStartSpec Spec { get; }

    /// <summary>When true, stop signals are recorded but ignored (only KillTree ends it).</summary>
    public bool IgnoresSignals { get; set; }

    public Task<ProcessExit> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    public IReadOnlyList<ProcessSignal> Signals
    {
        get
        {
            lock (_signals)
            {
                return _signals.ToArray();
            }
        }
    }

    public bool Killed { get; private set; }

    public Stream? StandardOutput => null;

    public Stream? StandardError => null;

    public void Exit(int code) => End(new ProcessExit(code, null, false));

    public void Die(ProcessSignal signal) => End(new ProcessExit(null, (int)signal, false));

    /// <summary>
    /// Completes the exit as an OS exit watcher does, on a thread with no synchronization context: the
    /// instance actor's PipeTo then tells it at once, where xUnit's context would post it to the pool.
    /// </summary>
    private void End(ProcessExit exit)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            _exited.TrySetResult(exit);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    public void Signal(ProcessSignal signal)
    {
        lock (_signals)
        {
            _signals.Add(signal);
        }

        if (!IgnoresSignals && !HasExited)
        {
            Die(signal);
        }
    }

    public void KillTree()
    {
        if (!HasExited)
        {
            Killed = true;
            Die(ProcessSignal.SIGKILL);
        }
    }

    public void Dispose()
    {
    }
}
