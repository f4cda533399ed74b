using System.Globalization;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Simulation.Scenarios;
using ActorWarden.Supervision.Tree.Actors;

namespace ActorWarden.Supervision.Tests.Simulation.Properties;

/// <summary>
/// What must hold for every timeline, whatever the config and the scenario:
/// every <c>state</c> event is a transition of <see cref="InstanceStateMachine"/> and starts where the
/// instance's previous one ended (every instance starts Stopped), and an instance never has two live
/// processes — a pid is live from its <c>started</c> until its <c>exited</c> or <c>stopped</c>, and a
/// <c>started</c> while the previous pid is live is a second process.
/// </summary>
internal static class TimelineInvariants
{
    public static IReadOnlyList<string> Violations(SimulationResult result)
    {
        var violations = new List<string>();
        var states = new Dictionary<string, ProcessState>(StringComparer.Ordinal);
        var live = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in result.Events)
        {
            if (e.Instance is not { } instance)
            {
                continue;
            }

            var at = result.TimeOf(e).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + "s";
            switch (e.Event)
            {
                case EventNames.State:
                    var from = Enum.Parse<ProcessState>((string)e.Fields["from"]!, ignoreCase: true);
                    var to = Enum.Parse<ProcessState>((string)e.Fields["to"]!, ignoreCase: true);
                    var previous = states.GetValueOrDefault(instance, ProcessState.Stopped);
                    if (!InstanceStateMachine.CanMove(from, to))
                    {
                        violations.Add($"{at} {instance}: illegal transition {Name(from)} -> {Name(to)} ({e.Fields.GetValueOrDefault("reason")})");
                    }

                    if (from != previous)
                    {
                        violations.Add($"{at} {instance}: state event from {Name(from)}, but the instance was {Name(previous)} ({Name(from)} -> {Name(to)}, {e.Fields.GetValueOrDefault("reason")})");
                    }

                    states[instance] = to;
                    break;
                case EventNames.Started:
                    var pid = Pid(e);
                    if (live.TryGetValue(instance, out var running))
                    {
                        violations.Add($"{at} {instance}: pid {pid} started while pid {running} is still alive (two live processes)");
                    }

                    live[instance] = pid;
                    break;
                case EventNames.Exited or EventNames.Stopped:
                    var ended = Pid(e);
                    if (live.TryGetValue(instance, out var current) && current == ended)
                    {
                        live.Remove(instance);
                    }
                    else
                    {
                        violations.Add($"{at} {instance}: {e.Event} of pid {ended}, which is not its live process ({(live.TryGetValue(instance, out var other) ? "pid " + other : "none")})");
                    }

                    break;
            }
        }

        return violations;
    }

    /// <summary>The events of the instances that broke an invariant, as the table shows them, to read next to the violations.</summary>
    public static string TimelineOf(SimulationResult result, IEnumerable<string> instances)
    {
        var names = instances.ToHashSet(StringComparer.Ordinal);
        return string.Join('\n', result.Events
            .Where(e => e.Instance is null ? e.Event is EventNames.Reloading or EventNames.Reloaded or EventNames.Command : names.Contains(e.Instance))
            .Select(EventJson.ToJson));
    }

    private static int Pid(WardenEvent e) => Convert.ToInt32(e.Fields["pid"], CultureInfo.InvariantCulture);

    private static string Name(ProcessState state) => InstanceStateMachine.Name(state);
}
