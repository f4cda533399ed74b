using Akka.Actor;
using Akka.Event;

namespace ActorWarden.Simulation.Tests.Support;

/// <summary>A logger actor that remembers which systems it was initialised in and the log events it got (Akka creates it by type name).</summary>
public sealed class InitRecordingLogger : ActorBase
{
    private static readonly object Gate = new();
    private static readonly HashSet<string> Initialised = [];
    private static readonly List<(string System, string Message)> Received = [];

    public static IReadOnlyList<string> MessagesIn(string systemName)
    {
        lock (Gate)
        {
            return Received.Where(r => r.System == systemName).Select(r => r.Message).ToArray();
        }
    }

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
        else if (message is LogEvent logEvent)
        {
            lock (Gate)
            {
                Received.Add((Context.System.Name, logEvent.Message.ToString()!));
            }
        }

        return true;
    }
}
