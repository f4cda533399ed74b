using ActorWarden.Supervision.Specs;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// A group's member list that outlives the group actor's incarnations. The kernel rebuilds a restarted
/// actor from its Props, so a list captured when the group was created would forget the members a reload
/// added, removed or replaced since. The group actor publishes every change here (it is the only
/// writer) and each new incarnation starts from the latest list; the lists are immutable snapshots.
/// </summary>
internal sealed class GroupMembers
{
    private ServiceSpec[] _current;

    public GroupMembers(IEnumerable<ServiceSpec> initial)
    {
        _current = initial.ToArray();
    }

    public IReadOnlyList<ServiceSpec> Current => Volatile.Read(ref _current);

    public void Publish(IEnumerable<ServiceSpec> members) => Volatile.Write(ref _current, members.ToArray());
}
