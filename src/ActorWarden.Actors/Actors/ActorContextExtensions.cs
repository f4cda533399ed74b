using Serilog;

namespace ActorWarden.Actors;

/// <summary>Logging for actors, named as in Akka.NET.</summary>
public static class ActorContextExtensions
{
    /// <summary>The system logger enriched with this actor's <c>ActorPath</c>, so every event says where it happened.</summary>
    public static ILogger GetLogger(this IActorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context is ActorCell cell
            ? cell.Logger
            : context.System.Log.ForContext("ActorPath", context.Self.Path.ToString());
    }
}
