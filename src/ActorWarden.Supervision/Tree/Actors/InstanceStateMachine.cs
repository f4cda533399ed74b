

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// The legal state transitions of an instance, as supervisord's state diagram with Erlang restarts:
/// Stopped → Starting → Running → Exited/Stopping, failed starts through Backoff to Fatal. A transition
/// outside this table is a bug in the tree and is refused (and logged) rather than shown to operators.
/// Starting → Stopped is an operator stop while a pre-start command runs (no process exists yet).
/// </summary>
public static class InstanceStateMachine
{
    private static readonly Dictionary<ProcessState, ProcessState[]> Allowed = new()
    {
        [ProcessState.Stopped] = [ProcessState.Starting, ProcessState.Backoff, ProcessState.Fatal],
        [ProcessState.Starting] = [ProcessState.Running, ProcessState.Backoff, ProcessState.Stopping, ProcessState.Stopped],
        [ProcessState.Running] = [ProcessState.Exited, ProcessState.Stopping],
        [ProcessState.Backoff] = [ProcessState.Starting, ProcessState.Fatal, ProcessState.Stopped, ProcessState.Exited],
        [ProcessState.Stopping] = [ProcessState.Stopped, ProcessState.Starting, ProcessState.Backoff, ProcessState.Fatal],
        [ProcessState.Exited] = [ProcessState.Starting, ProcessState.Backoff, ProcessState.Stopped, ProcessState.Fatal],
        [ProcessState.Fatal] = [ProcessState.Starting, ProcessState.Stopped],
    };

    /// <summary>True when an instance may go from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanMove(ProcessState from, ProcessState to) => Allowed[from].Contains(to);

    /// <summary>The state name as written in events and status (lower case).</summary>
    public static string Name(ProcessState state) => ProcessStateNames.Of(state);
}
