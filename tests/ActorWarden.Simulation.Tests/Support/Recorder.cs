using Akka.Actor;

namespace ActorWarden.Simulation.Tests.Support;

/// <summary>A tell target outside any actor system: records what arrives and when, on the virtual clock.</summary>
internal sealed class Recorder(Func<TimeSpan> clock) : ICanTell
{
    public List<string> Messages { get; } = [];

    public List<(TimeSpan At, string Message)> Timeline { get; } = [];

    public void Tell(object message, IActorRef sender)
    {
        Messages.Add(message.ToString()!);
        Timeline.Add((clock(), message.ToString()!));
    }
}
