namespace ActorWarden.Actors;

/// <summary>The "no actor" reference returned by lookups that find nothing; drops everything sent to it.</summary>
internal sealed class NobodyActorRef : InternalActorRef
{
    private static readonly ActorPath NobodyPath = ActorPath.Root / "nobody";

    public override ActorPath Path => NobodyPath;

    public override int Uid => 0;

    public override bool IsTerminated => true;

    public override void Tell(object message, IActorRef? sender = null)
    {
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        if (message is WatchRequest watch)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this, ExistenceConfirmed: false, AddressTerminated: false));
        }
    }
}
