using ActorWarden.Processes;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// Plays one instance's <see cref="ProcessScript"/> across its successive processes: each new process
/// takes the first scripted exit not yet played that is due at or after its start, draws its crash time
/// from the instance's own seeded Random, and ends at the earliest of those and its lifetime. A
/// scripted exit whose time passes while no process runs is recorded as missed, so the summary can say
/// which lines of the scenario never happened.
/// </summary>
internal sealed class InstanceScriptRunner
{
    private readonly ProcessScript _script;
    private readonly Random _random;
    private readonly List<ScriptedExit> _missed = new();
    private int _cursor;

    public InstanceScriptRunner(string instance, ProcessScript script, int seed)
    {
        Instance = instance;
        _script = script;
        _random = new Random(StableSeed(seed, instance));
    }

    public string Instance { get; }

    public ProcessScript Script => _script;

    /// <summary>Scripted exits that found no process running.</summary>
    public IReadOnlyList<ScriptedExit> Missed => _missed;

    /// <summary>Decides the fate of a process starting at <paramref name="now"/> and schedules it on <paramref name="process"/>.</summary>
    public void Begin(SimulatedProcess process, TimeSpan now)
    {
        var exits = _script.Exits ?? Array.Empty<ScriptedExit>();
        while (_cursor < exits.Count && exits[_cursor].At < now)
        {
            _missed.Add(exits[_cursor++]);
        }

        TimeSpan? end = null;
        ProcessExit? exit = null;
        var consumesScripted = false;
        if (_cursor < exits.Count)
        {
            end = exits[_cursor].At - now;
            exit = exits[_cursor].ToExit();
            consumesScripted = true;
        }

        if (_script.CrashRate is { } rate)
        {
            // Drawn for every process whether or not it wins, so one instance's script never shifts another's draws.
            var u = _random.NextDouble();
            var ticks = -Math.Log(1.0 - u) * rate.MeanTimeBetween.Ticks;
            var crashAfter = TimeSpan.FromTicks((long)Math.Min(ticks, TimeSpan.MaxValue.Ticks / 4.0));
            if (end is null || crashAfter < end)
            {
                end = crashAfter;
                exit = new ProcessExit(rate.Code, null, false);
                consumesScripted = false;
            }
        }

        if (_script.Lifetime is { } lifetime && (end is null || lifetime.Duration < end))
        {
            end = lifetime.Duration;
            exit = new ProcessExit(lifetime.Code, null, false);
            consumesScripted = false;
        }

        if (end is { } after && exit is not null)
        {
            process.ScheduleFate(after, exit, consumesScripted ? () => _cursor++ : null);
        }
    }

    /// <summary>Marks every scripted exit due by <paramref name="end"/> that was never played as missed.</summary>
    public void Finish(TimeSpan end)
    {
        var exits = _script.Exits ?? Array.Empty<ScriptedExit>();
        while (_cursor < exits.Count && exits[_cursor].At <= end)
        {
            _missed.Add(exits[_cursor++]);
        }
    }

    /// <summary>FNV-1a over the name mixed with the seed: string.GetHashCode is randomized per process.</summary>
    internal static int StableSeed(int seed, string name)
    {
        unchecked
        {
            var hash = (int)2166136261 ^ seed;
            foreach (var c in name)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }
}
