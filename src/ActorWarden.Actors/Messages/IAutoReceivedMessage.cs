namespace ActorWarden.Actors;

/// <summary>Messages the kernel handles itself before the actor's behaviour sees anything (PoisonPill, Kill, Terminated).</summary>
public interface IAutoReceivedMessage
{
}
