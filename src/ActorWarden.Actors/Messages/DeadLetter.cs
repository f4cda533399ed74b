namespace ActorWarden.Actors;

/// <summary>A message that could not be delivered (recipient stopped or never existed), as published to dead letters.</summary>
public sealed record DeadLetter(object Message, IActorRef Sender, IActorRef Recipient);
