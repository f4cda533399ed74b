using Akka.Actor;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Processes;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// A child process that exists only on the virtual clock. Every way it can end — its scripted fate, the
/// answer to a stop signal, a kill — is a timer on the <see cref="VirtualTime.VirtualTimeScheduler"/>, so exits reach
/// the tree exactly as the real exit watcher delivers them (after the call that caused them returns), and
/// in a deterministic order.
/// </summary>
internal sealed class SimulatedProcess : IChildProcess
{
    // Without RunContinuationsAsynchronously: the tree's ExecuteSynchronously continuations run on the
    // thread driving virtual time, which is what keeps a simulation single-threaded and repeatable.
    private readonly TaskCompletionSource<ProcessExit> _exited = new();
    private readonly IScheduler _scheduler;
    private readonly StopResponse _stopResponse;
    private ICancelable? _fate;
    private bool _signalled;

    public SimulatedProcess(int pid, IScheduler scheduler, StopResponse stopResponse)
    {
        Pid = pid;
        StartTime = (ulong)pid;
        _scheduler = scheduler;
        _stopResponse = stopResponse;
    }

    public int Pid { get; }

    public ulong StartTime { get; }

    public Task<ProcessExit> Exited => _exited.Task;

    public Stream? StandardOutput => null;

    public Stream? StandardError => null;

    /// <summary>Schedules the process's own end (scripted exit, crash, end of its lifetime); <paramref name="onFate"/> runs only if it is still alive then.</summary>
    public void ScheduleFate(TimeSpan after, ProcessExit exit, Action? onFate)
    {
        _fate = _scheduler.Advanced.ScheduleOnceCancelable(after, () =>
        {
            if (End(exit))
            {
                onFate?.Invoke();
            }
        });
    }

    public void Signal(ProcessSignal signal)
    {
        if (_exited.Task.IsCompleted)
        {
            return;
        }

        if (signal == ProcessSignal.SIGKILL)
        {
            KillTree();
            return;
        }

        if (_signalled || _stopResponse.Delay is not { } delay)
        {
            return;
        }

        _signalled = true;
        _scheduler.Advanced.ScheduleOnce(delay, () => End(new ProcessExit(null, (int)signal, false)));
    }

    public void KillTree()
    {
        if (!_exited.Task.IsCompleted)
        {
            _scheduler.Advanced.ScheduleOnce(TimeSpan.Zero, () => End(new ProcessExit(null, (int)ProcessSignal.SIGKILL, false)));
        }
    }

    public void Dispose()
    {
    }

    private bool End(ProcessExit exit)
    {
        if (!_exited.TrySetResult(exit))
        {
            return false;
        }

        _fate?.Cancel();
        return true;
    }
}
