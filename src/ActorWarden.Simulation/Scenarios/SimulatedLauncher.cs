using ActorWarden.Simulation.VirtualTime;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Processes;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// The <see cref="IProcessLauncher"/> of <c>warden simulate</c>: it starts no OS process. Each start is
/// answered from the scenario — a <see cref="ProcessStartException"/> for an exec error, exactly as the
/// real launcher reports a missing binary, or a <see cref="SimulatedProcess"/> with deterministic pids
/// whose exits are timers on the virtual scheduler. The instance is recognised from the environment
/// the tree builds for every child (INSTANCE_NAME, SERVICE), so the tree needs no simulation hooks.
/// </summary>
/// <remarks>
/// Not thread-safe, and it need not be: under the deterministic dispatcher every start happens on the
/// one thread that advances virtual time.
/// </remarks>
public sealed class SimulatedLauncher : IProcessLauncher
{
    /// <summary>First pid handed out; pids count up from here in spawn order.</summary>
    public const int FirstPid = 1000;

    private readonly VirtualTimeScheduler _scheduler;
    private readonly Scenario _scenario;
    private readonly Dictionary<string, InstanceScriptRunner> _runners = new(StringComparer.Ordinal);
    private int _nextPid = FirstPid;

    /// <summary>The notify sockets the simulated processes send READY=1 and WATCHDOG=1 to.</summary>
    internal SimulatedNotifyChannels Notify { get; } = new();

    /// <summary>A launcher whose processes live on <paramref name="scheduler"/> and follow <paramref name="scenario"/>.</summary>
    public SimulatedLauncher(VirtualTimeScheduler scheduler, Scenario scenario)
    {
        _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        _scenario = scenario ?? throw new ArgumentNullException(nameof(scenario));
    }

    /// <summary>Number of processes started so far.</summary>
    public int Spawned => _nextPid - FirstPid;

    /// <inheritdoc />
    public IChildProcess Start(ProcessStartSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var runner = RunnerFor(spec);
        if (runner.Script.ExecError is { } reason)
        {
            throw new ProcessStartException(spec.FileName, reason);
        }

        var process = new SimulatedProcess(_nextPid++, _scheduler, runner.Script.StopResponse ?? StopResponse.Immediate);
        runner.Begin(process, _scheduler.Monotonic);
        NotifyScriptPlayer.Play(process, _scheduler, Notify, spec.Environment, runner.Script.Notify);
        return process;
    }

    /// <inheritdoc />
    public IChildProcess? Adopt(int pid, ulong startTime) => null;

    /// <inheritdoc />
    public int ReapOrphans() => 0;

    /// <summary>Scripted exits that found no process running, by instance, once the simulation ended at <paramref name="end"/>.</summary>
    public IReadOnlyList<(string Instance, ScriptedExit Exit)> Finish(TimeSpan end)
    {
        var missed = new List<(string, ScriptedExit)>();
        foreach (var runner in _runners.Values.OrderBy(r => r.Instance, StringComparer.Ordinal))
        {
            runner.Finish(end);
            missed.AddRange(runner.Missed.Select(e => (runner.Instance, e)));
        }

        return missed;
    }

    private InstanceScriptRunner RunnerFor(ProcessStartSpec spec)
    {
        var instance = spec.Environment.GetValueOrDefault("INSTANCE_NAME") ?? spec.FileName;
        if (!_runners.TryGetValue(instance, out var runner))
        {
            var service = spec.Environment.GetValueOrDefault("SERVICE") ?? instance;
            runner = new InstanceScriptRunner(instance, _scenario.ScriptFor(service, instance), _scenario.Seed);
            _runners[instance] = runner;
        }

        return runner;
    }
}
