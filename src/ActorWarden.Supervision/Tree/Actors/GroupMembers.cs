using System.Collections.Immutable;
using ActorWarden.Config;
using ActorWarden.Supervision.Tree.Restart;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// A group's member list, and each member's <see cref="BackoffHistory"/>, outliving the group actor's
/// incarnations. Akka rebuilds a restarted actor from its Props, so a list captured when the group was
/// created would forget the members a reload added, removed or replaced since, and histories created by
/// an incarnation would die with it: a root restart would reset every member's backoff. The group actor
/// publishes every change here (it is the only writer) and each new incarnation starts from the latest
/// snapshot; the snapshots are immutable.
/// </summary>
internal sealed class GroupMembers
{
    private ServiceSpec[] _current;
    private ImmutableDictionary<string, BackoffHistory> _histories = ImmutableDictionary.Create<string, BackoffHistory>(StringComparer.Ordinal);

    public GroupMembers(IEnumerable<ServiceSpec> initial)
    {
        _current = initial.ToArray();
    }

    public IReadOnlyList<ServiceSpec> Current => Volatile.Read(ref _current);

    public void Publish(IEnumerable<ServiceSpec> members) => Volatile.Write(ref _current, members.ToArray());

    /// <summary>The history every supervisor incarnation of <paramref name="service"/> shares; created on first use.</summary>
    public BackoffHistory HistoryOf(string service)
    {
        var histories = Volatile.Read(ref _histories);
        if (histories.TryGetValue(service, out var history))
        {
            return history;
        }

        history = new BackoffHistory();
        Volatile.Write(ref _histories, histories.SetItem(service, history));
        return history;
    }

    /// <summary>
    /// Drops the history of <paramref name="service"/>: a service removed or replaced by a reload comes
    /// back with none, like one an operator restarts.
    /// </summary>
    public void Forget(string service) => Volatile.Write(ref _histories, _histories.Remove(service));
}
