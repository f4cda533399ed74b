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

    public void Exit(int code) => _exited.TrySetResult(new ProcessExit(code, null, false));

    public void Die(ProcessSignal signal) => _exited.TrySetResult(new ProcessExit(null, (int)signal, false));

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
