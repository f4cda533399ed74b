using Akka.Actor;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Specs;
using ActorWarden.Supervision.Tree.Failures;
using ActorWarden.Supervision.Tree.Launch;
using ActorWarden.Supervision.Tree.Messages;
using ActorWarden.Supervision.Tree.Restart;
using ActorWarden.Supervision.Policy;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// An Erlang supervisor over services (<c>/user/warden/GROUP</c>). A member that exceeded its own
/// intensity fails here; the group's strategy (one-for-one, one-for-all or rest-for-one in member order)
/// restarts it and the siblings it affects, counted against the group's intensity; beyond that the
/// group escalates to the WardenGuardian.
/// </summary>
public sealed partial class GroupSupervisor : ReceiveActor
{
    private readonly GroupSpec _spec;
    private readonly TreeContext _ctx;
    private readonly GroupMembers _published;
    private readonly List<ServiceSpec> _members;
    private readonly Dictionary<string, ServiceSpec> _replacements = new(StringComparer.Ordinal);
    private readonly List<(ForService Message, IActorRef Sender)> _forReplacements = new();

    private GroupSupervisor(GroupSpec spec, GroupMembers members, TreeContext ctx)
    {
        _spec = spec;
        _ctx = ctx;
        _published = members;
        _members = members.Current.ToList();
        Receive<ForService>(OnForService);
        Receive<AddService>(OnAdd);
        Receive<RemoveService>(OnRemove);
        Receive<ReplaceService>(OnReplace);
        Receive<UpdateService>(OnUpdateService); // hook: issue 17 (GroupSupervisor.Update.cs)
        Receive<Terminated>(OnTerminated);
    }

    /// <summary>
    /// Props of group <paramref name="spec"/> over <paramref name="members"/> (in member order). A restart
    /// of the group rebuilds it over its members as reloads have changed them since, not over these.
    /// </summary>
    public static Props Props(GroupSpec spec, IReadOnlyList<ServiceSpec> members, TreeContext ctx)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(ctx);
        var published = new GroupMembers(members);
        return ActorProps.Of(() => new GroupSupervisor(spec, published, ctx));
    }

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() =>
        new ErlangSupervisorStrategy(
            _spec.Strategy,
            _spec.Intensity,
            static (_, _) => Directive.Restart,
            Directive.Escalate,
            () => Context.System.Scheduler.Monotonic,
            () => _members.Select(m => m.Name).ToList(),
            OnApplied);

    /// <inheritdoc />
    protected override void PreStart()
    {
        foreach (var member in _members)
        {
            Context.ActorOf(ServiceSupervisor.Props(member, _spec.Name, _published.HistoryOf(member.Name), _ctx), member.Name);
        }
    }

    private void OnApplied(FailureApplied applied)
    {
        var (context, child, cause, directive) = (applied.Context, applied.Child, applied.Cause, applied.Directive);
        var service = child.Path.Name;
        var reason = cause is InstanceFailureException failure ? $"{failure.Instance}: {failure.Reason}" : cause.Message;
        IReadOnlyList<string> affected = directive == Directive.Restart ? applied.Affected.Select(a => a.Path.Name).ToList() : [service];
        if (directive == Directive.Escalate)
        {
            reason = $"{reason}; more than {_spec.Intensity.MaxRestarts} service restarts within {_spec.Intensity.Within.TotalSeconds:0.###} s (group intensity)";
        }

        _ctx.Events.Emit(
            EventNames.Directive,
            service,
            null,
            ("supervisor", _spec.Name),
            ("level", "group"),
            ("child", service),
            ("directive", directive.ToString().ToLowerInvariant()),
            ("strategy", StrategyNames.Spell(_spec.Strategy)),
            ("affected", affected),
            ("reason", reason),
            ("cause", cause.GetType().Name));
        if (directive == Directive.Restart && _spec.Strategy != GroupStrategy.OneForOne)
        {
            RestartInOrder(context, affected);
        }

        if (directive == Directive.Escalate)
        {
            _ctx.Events.Emit(EventNames.Escalated, null, null, ("supervisor", _spec.Name), ("level", "group"), ("to", Launch.TreePaths.GuardianName), ("reason", reason));
        }
    }

    /// <summary>
    /// Erlang's one_for_all/rest_for_one terminate every affected child before starting any of them:
    /// in reverse start order, and start them in order. Akka recreates the service actors at once,
    /// so their processes are stopped detached in reverse dependency order (<see cref="OrderedStop"/>:
    /// a service once its affected dependents are gone) and their fresh instances are held (they do not
    /// start by themselves) until every process of every affected service is gone; the guardian then
    /// starts them in dependency order, waiting for dependencies to be Running and healthy.
    /// </summary>
    private void RestartInOrder(IActorContext context, IReadOnlyList<string> affected)
    {
        var services = affected.Select(name => _members.Find(m => m.Name == name)).OfType<ServiceSpec>().ToList();
        foreach (var instance in services.SelectMany(m => InstanceIdentity.Of(m, _spec.Name)))
        {
            _ctx.Registry.Hold(instance.Name);
        }

        var guardian = context.Parent;
        var self = context.Self;
        var restarted = new ServicesRestarted(affected.ToArray());
        var gone = OrderedStop.Run(services, name => InstanceIdentity.Of(services.First(s => s.Name == name), _spec.Name).Select(i => i.Name), _ctx.Registry);
        if (gone.IsCompleted)
        {
            guardian.Tell(restarted, self);
            return;
        }

        gone.PipeTo(guardian, self, () => restarted, _ => restarted);
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
            Context.ActorOf(ServiceSupervisor.Props(add.Spec, _spec.Name, _published.HistoryOf(add.Spec.Name), _ctx), add.Spec.Name);
        }
        else
        {
            // The previous service of that name is still stopping: create the new one once it is gone.
            _replacements[add.Spec.Name] = add.Spec;
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
            Context.Stop(child);
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
            Context.ActorOf(ServiceSupervisor.Props(replace.Spec, _spec.Name, _published.HistoryOf(replace.Spec.Name), _ctx), replace.Spec.Name);
            return;
        }

        _replacements[replace.Spec.Name] = replace.Spec;
        Context.Watch(child);
        Context.Stop(child);
    }

    private void OnTerminated(Terminated terminated)
    {
        var name = terminated.ActorRef.Path.Name;
        if (_replacements.Remove(name, out var spec))
        {
            var child = Context.ActorOf(ServiceSupervisor.Props(spec, _spec.Name, _published.HistoryOf(name), _ctx), name);
            foreach (var (message, sender) in _forReplacements.Where(f => f.Message.Service == name).ToList())
            {
                _forReplacements.Remove((message, sender));
                child.Tell(message.Message, sender);
            }
        }
    }

}
