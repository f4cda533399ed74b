namespace ActorWarden.Actors;

/// <summary>
/// Delivered exactly once to each watcher when a watched actor has stopped (or was already gone when the
/// watch started, then <paramref name="ExistenceConfirmed"/> may be false). An actor that watches but does
/// not handle this message fails with <see cref="DeathPactException"/>, as in Akka.
/// </summary>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed, bool AddressTerminated) : IAutoReceivedMessage;
