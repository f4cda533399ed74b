using Akka.Actor;
using ActorWarden.Supervision.Tree.Messages;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>A reload's in-place settings: kept for the next decisions and incarnations, handed to the instances.</summary>
public sealed partial class ServiceSupervisor
{
    private void OnUpdateService(UpdateService update)
    {
        _spec = update.Spec;
        _slot.Spec = update.Spec;
        foreach (var instance in _instances)
        {
            Context.Child(instance.Name).Tell(new UpdateInstanceSpec(update.Spec), Self);
        }
    }
}
