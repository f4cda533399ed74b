using System.Collections.Concurrent;
using ActorWarden.Processes;

namespace ActorWarden.Supervision.Tests.Fakes;

/// <summary>
/// A launcher that spawns <see cref="FakeChildProcess"/>es. <see cref="OnStart"/> scripts each child
/// (exit at once, exit later on the virtual clock, ignore signals); <see cref="Refuse"/> makes starts
/// fail like a missing binary.
/// </summary>
public sealed class FakeProcessLauncher : IProcessLauncher
{
    private readonly ConcurrentQueue<FakeChildProcess> _started = new();
    private int _nextPid = 1000;

    /// <summary>Called synchronously with each new child (on the actor's thread), before Start returns.</summary>
    public Action<FakeChildProcess>? OnStart { get; set; }

    /// <summary>When set and returning a reason for a spec, Start throws <see cref="ProcessStartException"/>.</summary>
    public Func<ProcessStartSpec, string?>? Refuse { get; set; }

    public IReadOnlyList<FakeChildProcess> Started => _started.ToArray();

    public IReadOnlyList<FakeChildProcess> Running => _started.Where(c => !c.HasExited).ToArray();

    public IReadOnlyList<FakeChildProcess> StartedFor(string instance) =>
        _started.Where(c => c.Spec.Environment.TryGetValue("INSTANCE_NAME", out var name) && name == instance).ToArray();

    public FakeChildProcess Current(string instance) => StartedFor(instance).Last();

    public IChildProcess Start(ProcessStartSpec spec)
    {
        if (Refuse?.Invoke(spec) is { } reason)
        {
            throw new ProcessStartException(spec.FileName, reason, 2);
        }

        var child = new FakeChildProcess(Interlocked.Increment(ref _nextPid), spec);
        _started.Enqueue(child);
        OnStart?.Invoke(child);
        return child;
    }

    public IChildProcess? Adopt(int pid, ulong startTime) => null;

    public int ReapOrphans() => 0;
}
