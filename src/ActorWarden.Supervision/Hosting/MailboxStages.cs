using System.Collections.Immutable;
using System.Reflection;
using ActorWarden.Processes.Diagnostics;
using Akka.Actor;
using Akka.Dispatch;

namespace ActorWarden.Supervision.Hosting;

/// <summary>
/// Charges a mailbox run to a stage named for the actor's type ("actor ProcessActor"), with all of
/// Akka's work in it: the messages, the system messages of a restart, the failure handling. The few
/// stages inside it (a spawn, a supervisor's decision, the event bus) are opened by that code itself.
/// </summary>
internal static class MailboxStages
{
    // Akka keeps a mailbox's cell internal; read only while stage costs are measured. Should a later Akka
    // rename it, every run counts as "actor (other)" rather than the dispatchers failing to load this class.
    private static readonly Func<Mailbox, ActorCell?>? CellOf = typeof(Mailbox)
        .GetProperty("Actor", BindingFlags.Instance | BindingFlags.NonPublic)?
        .GetMethod?
        .CreateDelegate<Func<Mailbox, ActorCell?>>();

    private static readonly Stage Unknown = StageCosts.Register("actor (other)");

    private static ImmutableDictionary<Type, Stage> _byType = ImmutableDictionary<Type, Stage>.Empty;

    /// <summary>Runs <paramref name="run"/>, charging it to its actor's stage when stage costs are measured.</summary>
    public static void Run(IRunnable run)
    {
        if (!StageCosts.Enabled)
        {
            run.Run();
            return;
        }

        using var stage = StageCosts.Enter(StageOf(run));
        run.Run();
    }

    private static Stage StageOf(IRunnable run)
    {
        var type = run is Mailbox mailbox && CellOf is not null ? CellOf(mailbox)?.Props?.Type : null;
        if (type is null)
        {
            return Unknown;
        }

        return _byType.TryGetValue(type, out var known)
            ? known
            : ImmutableInterlocked.GetOrAdd(ref _byType, type, static t => StageCosts.Register("actor " + t.Name));
    }
}
