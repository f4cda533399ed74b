using ActorWarden.Actors;

namespace ActorWarden.TestKit;

/// <summary>A message captured by a test actor or probe, with its sender.</summary>
public sealed record ReceivedMessage(object Message, IActorRef Sender);
