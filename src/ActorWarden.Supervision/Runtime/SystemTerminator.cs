using ActorWarden.Actors;

namespace ActorWarden.Supervision.Runtime;

/// <summary>
/// Ends the actor system from inside an actor. Shutdown continuations may resume on any thread; under
/// the deterministic dispatcher only the thread driving virtual time may run the system, so the last
/// step is a message to this actor, which the driver (simulator, test) executes in order.
/// </summary>
public sealed class SystemTerminator : ReceiveActor
{
    private SystemTerminator()
    {
        Receive<TerminateSystem>(_ => Context.System.Terminate());
    }

    public static Props Props() => ActorWarden.Actors.Props.Create(() => new SystemTerminator());
}

/// <summary>Asks the <see cref="SystemTerminator"/> to terminate the actor system.</summary>
public sealed record TerminateSystem
{
    public static TerminateSystem Instance { get; } = new();
}
