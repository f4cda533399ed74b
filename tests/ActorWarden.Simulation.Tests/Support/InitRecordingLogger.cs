using Akka.Actor;
using Akka.Event;

namespace ActorWarden.Simulation.Tests.Support;

/// <summary>A logger actor that remembers which systems it was initialised in (Akka creates it by type name).</summary>
public sealed class InitRecordingLogger : ActorBase
{
    private static readonly object Gate = new();
    private static readonly HashSet<string> Initialised = [];

    public static bool WasInitialisedIn(string systemName)
    {
        lock (Gate)
        {
            return Initialised.Contains(systemName);
        }
    }

    protected override bool Receive(object message)
    {
        if (message is InitializeLogger)
        {
            lock (Gate)
            {
                Initialised.Add(Context.System.Name);
            }

            Sender.Tell(new LoggerInitialized());
        }

        return true;
    }
}
