using Akka.Actor;
using ActorWarden.Supervision.Tree.Messages;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>A reload's in-place settings for a member: published for the group's next incarnations and passed down.</summary>
public sealed partial class GroupSupervisor
{
    private void OnUpdateService(UpdateService update)
    {
        var name = update.Spec.Name;
        var index = _members.FindIndex(m => m.Name == name);
        if (index >= 0)
        {
            _members[index] = update.Spec;
            _published.Publish(_members);
        }

        if (_replacements.ContainsKey(name))
        {
            // The member's new actor is created once its predecessor is gone: from this spec then.
            _replacements[name] = _replacements[name] with { Spec = update.Spec };
            return;
        }

        var child = Context.Child(name);
        if (!child.Equals(ActorRefs.Nobody))
        {
            child.Tell(update, Self);
        }
    }
}
