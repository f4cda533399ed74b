using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Policy;
using ActorWarden.Supervision.Tree.Failures;
using ActorWarden.Supervision.Tree.Launch;
using ActorWarden.Supervision.Tree.Messages;
using ActorWarden.Supervision.Tree.Restart;
using Akka.Actor;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// An Erlang supervisor over services (<c>/user/warden/GROUP</c>). A member that exceeded its own
/// intensity fails here; the group's strategy (one-for-one, one-for-all or rest-for-one in member order)
/// restarts it and the siblings it affects, counted against the group's intensity; beyond that the
/// group escalates to the WardenGuardian. A restart is orchestrated (<see cref="RestartApplication.Orchestrate"/>):
/// the service actors stay, a <see cref="StopWave"/> stops their processes in reverse dependency order,
/// and the guardian starts them again in dependency order.
/// </summary>
public sealed partial class GroupSupervisor : ReceiveActor
{
    private readonly GroupSpec _spec;
    private readonly TreeContext _ctx;
    private readonly GroupMembers _published;
    private readonly List<ServiceSpec> _members;
    private readonly Dictionary<string, (ServiceSpec Spec, ServiceStart Start)> _replacements = new(StringComparer.Ordinal);
    private readonly List<(ForService Message, IActorRef Sender)> _forReplacements = new();
    private readonly IReadOnlyDictionary<string, ServiceStart> _starts;
    private ErlangSupervisorStrategy? _strategy;
    private bool _retired;
    private readonly bool _announce;

    private GroupSupervisor(GroupSpec spec, GroupMembers members, TreeContext ctx, IReadOnlyDictionary<string, ServiceStart> starts, bool announce)
    {
        _announce = announce;
        _spec = spec;
        _ctx = ctx;
        _starts = starts;
        _published = members;
        _members = members.Current.ToList();
        Receive<ForService>(OnForService);
        Receive<AddService>(OnAdd);
        Receive<RemoveService>(OnRemove);
        Receive<ReplaceService>(OnReplace);
        Receive<UpdateService>(OnUpdateService);
        Receive<Terminated>(OnTerminated);
        Receive<Retire>(OnRetire);
        Receive<SupervisorRestarted>(restarted =>
        {
            _strategy?.Reset();
            foreach (var member in _members)
            {
                Context.Child(member.Name).Tell(restarted, Self);
            }
        });
    }

    /// <summary>
    /// Props of group <paramref name="spec"/> over <paramref name="members"/> (in member order). A restart
    /// of the group rebuilds it over its members as reloads have changed them since, not over these.
    /// </summary>
    /// <param name="spec">The group.</param>
    /// <param name="members">Its services in member order.</param>
    /// <param name="ctx">Shared collaborators.</param>
    /// <param name="starts">How the instances of each service begin (a group recreated by a reload keeps what was up); absent means fresh.</param>
    /// <param name="announce">True for a reload's successor: each member tells the guardian once its instances exist.</param>
    public static Props Props(GroupSpec spec, IReadOnlyList<ServiceSpec> members, TreeContext ctx, IReadOnlyDictionary<string, ServiceStart>? starts = null, bool announce = false)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(ctx);
        var published = new GroupMembers(members);
        var begin = starts ?? new Dictionary<string, ServiceStart>(StringComparer.Ordinal);
        return ActorProps.Of(() => new GroupSupervisor(spec, published, ctx, begin, announce));
    }

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() =>
        _strategy ??= new ErlangSupervisorStrategy(
            _spec.Strategy,
            _spec.Intensity,
            static (_, _) => Directive.Restart,
            Directive.Escalate,
            () => Context.System.Scheduler.Monotonic,
            () => _members.Select(m => m.Name).ToList(),
            OnApplied,
            RestartApplication.Orchestrate);

    /// <inheritdoc />
    protected override void PreStart()
    {
        foreach (var member in _members)
        {
            Context.ActorOf(ServiceSupervisor.Props(member, _spec.Name, _published.HistoryOf(member.Name), _ctx, _starts.GetValueOrDefault(member.Name), _announce ? Context.Parent : null), member.Name);
        }
    }

    private void OnApplied(FailureApplied applied)
    {
        var (context, child, cause, directive) = (applied.Context, applied.Child, applied.Cause, applied.Directive);
        var service = child.Path.Name;
        var reason = cause is InstanceFailureException failure ? $"{failure.Instance}: {failure.Reason}" : cause.Message;
        IReadOnlyList<string> affected = directive == Directive.Restart
            ? applied.Affected.Select(a => a.Path.Name).Where(name => _members.Exists(m => m.Name == name)).ToList()
            : [service];
        if (directive == Directive.Escalate)
        {
            reason = $"{reason}; more than {_spec.Intensity.MaxRestarts} service restarts within {_spec.Intensity.Within.TotalSeconds:0.###} s (group intensity)";
        }

        _ctx.Events.Emit(
            service,
            null,
            new GroupDirectiveEvent(_spec.Name, service, directive.ToString().ToLowerInvariant(), StrategyNames.Spell(_spec.Strategy), affected, reason, cause.GetType().Name));
        if (directive == Directive.Restart)
        {
            RestartInOrder(context, affected);
        }

        if (directive == Directive.Escalate)
        {
            _ctx.Events.Emit(null, null, new EscalatedEvent(_spec.Name, "group", Launch.TreePaths.GuardianName, reason));
        }
    }

    /// <summary>
    /// Erlang's restart of the affected children: terminate them in reverse start order, then start them
    /// in order. Each affected service starts with a fresh intensity; a <see cref="StopWave"/> stops their
    /// processes in reverse dependency order (a service once its affected dependents are down) and tells
    /// the guardian, which starts them in dependency order once dependencies are Running and healthy.
    /// </summary>
    private void RestartInOrder(IActorContext context, IReadOnlyList<string> affected)
    {
        var services = affected.Select(name => _members.Find(m => m.Name == name)).OfType<ServiceSpec>().ToList();
        foreach (var service in services)
        {
            context.Child(service.Name).Tell(SupervisorRestarted.Instance, context.Self);
        }

        context.ActorOf(StopWave.Props(services, s => InstanceIdentity.Of(s, _spec.Name), WavePurpose.Restart, null, "restarted by group " + _spec.Name, context.Parent));
    }

    private void OnForService(ForService routed)
    {
        if (_replacements.ContainsKey(routed.Service))
        {
            // The new service actor exists only once its predecessor is gone: deliver to it then.
            _forReplacements.Add((routed, Sender));
            return;
        }

        var child = Context.Child(routed.Service);
        if (child.Equals(ActorRefs.Nobody))
        {
            return;
        }

        child.Tell(routed.Message, Sender);
    }

    private void OnAdd(AddService add)
    {
        _members.Add(add.Spec);
        _published.Publish(_members);
        if (Context.Child(add.Spec.Name).Equals(ActorRefs.Nobody))
        {
            Context.ActorOf(ServiceSupervisor.Props(add.Spec, _spec.Name, _published.HistoryOf(add.Spec.Name), _ctx, add.Start), add.Spec.Name);
        }
        else
        {
            // The previous service of that name is still ending: create the new one once it is gone.
            _replacements[add.Spec.Name] = (add.Spec, add.Start);
            Context.Watch(Context.Child(add.Spec.Name));
        }
    }

    private void OnRemove(RemoveService remove)
    {
        _members.RemoveAll(m => m.Name == remove.Service);
        _published.Publish(_members);
        _published.Forget(remove.Service);
        _replacements.Remove(remove.Service);
        _forReplacements.RemoveAll(f => f.Message.Service == remove.Service);
        var child = Context.Child(remove.Service);
        if (!child.Equals(ActorRefs.Nobody))
        {
            child.Tell(Retire.ForReload, Self);
        }
    }

    private void OnReplace(ReplaceService replace)
    {
        var index = _members.FindIndex(m => m.Name == replace.Spec.Name);
        if (index >= 0)
        {
            _members[index] = replace.Spec;
        }
        else
        {
            _members.Add(replace.Spec);
        }

        _published.Publish(_members);
        _published.Forget(replace.Spec.Name);

        var child = Context.Child(replace.Spec.Name);
        if (child.Equals(ActorRefs.Nobody))
        {
            Context.ActorOf(ServiceSupervisor.Props(replace.Spec, _spec.Name, _published.HistoryOf(replace.Spec.Name), _ctx, replace.Start, Context.Parent), replace.Spec.Name);
            return;
        }

        _replacements[replace.Spec.Name] = (replace.Spec, replace.Start);
        Context.Watch(child);
        child.Tell(Retire.ForReload, Self);
    }

    /// <summary>The group ends (a reload removed it or changed its strategy) once every member has retired.</summary>
    private void OnRetire(Retire retire)
    {
        _retired = true;
        _replacements.Clear();
        _forReplacements.Clear();
        foreach (var member in _members)
        {
            var child = Context.Child(member.Name);
            if (!child.Equals(ActorRefs.Nobody))
            {
                Context.Watch(child);
                child.Tell(retire, Self);
            }
        }

        EndIfRetired();
    }

    private void EndIfRetired()
    {
        if (_retired && _members.All(m => Context.Child(m.Name).Equals(ActorRefs.Nobody)))
        {
            Context.Stop(Self);
        }
    }

    private void OnTerminated(Terminated terminated)
    {
        if (_retired)
        {
            EndIfRetired();
            return;
        }

        var name = terminated.ActorRef.Path.Name;
        if (_replacements.Remove(name, out var replacement))
        {
            var child = Context.ActorOf(ServiceSupervisor.Props(replacement.Spec, _spec.Name, _published.HistoryOf(name), _ctx, replacement.Start, Context.Parent), name);
            foreach (var (message, sender) in _forReplacements.Where(f => f.Message.Service == name).ToList())
            {
                _forReplacements.Remove((message, sender));
                child.Tell(message.Message, sender);
            }
        }
    }

}
