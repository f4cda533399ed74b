using Akka.Actor;
using Akka.Event;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Config;
using ActorWarden.Supervision.Tree.Launch;
using ActorWarden.Supervision.Tree.Messages;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// Stops the processes of several services in reverse dependency order and reports when all are down:
/// Erlang terminates the children a restart affects in reverse start order, and systemd stops a unit only
/// after the units ordered after it. A service's instances get their <see cref="HoldAndStop"/> once every
/// affected service depending on it is down; independent services go together. The instance actors stay
/// alive and own their processes throughout; the wave only sends turns and counts answers.
/// </summary>
public sealed class StopWave : ReceiveActor, IWithTimers
{
    /// <summary>How long past the longest stop timeout a wave waits for an answer before it ends with what it has.</summary>
    public static readonly TimeSpan Slack = TimeSpan.FromSeconds(10);

    private readonly IReadOnlyList<ServiceSpec> _within;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<InstanceIdentity>> _instances;
    private readonly WavePurpose _purpose;
    private readonly object? _tag;
    private readonly string _reason;
    private readonly IActorRef _requester;
    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _downServices = new(StringComparer.Ordinal);
    private readonly HashSet<string> _downInstances = new(StringComparer.Ordinal);
    private readonly HashSet<string> _wanted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _serviceOf = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unanswered = new(StringComparer.Ordinal);

    private StopWave(IReadOnlyList<ServiceSpec> services, IReadOnlyDictionary<string, IReadOnlyList<InstanceIdentity>> instances, WavePurpose purpose, object? tag, string reason, IActorRef requester)
    {
        // Dependencies outside the wave do not hold anyone's turn.
        var names = services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        _within = services.Select(s => s with { DependsOn = s.DependsOn.Where(names.Contains).ToArray() }).ToList();
        _instances = instances;
        _purpose = purpose;
        _tag = tag;
        _reason = reason;
        _requester = requester;
        foreach (var (service, list) in instances)
        {
            foreach (var instance in list)
            {
                _serviceOf[instance.Name] = service;
            }
        }

        Receive<InstanceDown>(OnDown);
        Receive<ActorIdentity>(OnIdentity);
        Receive<WaveOverdue>(_ =>
        {
            Context.GetLogger().Warning("Stop wave ({0}) still waits for {1} after the stop timeouts; going on without them", _purpose, string.Join(", ", _serviceOf.Keys.Except(_downInstances)));
            Finish();
        });
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of a wave over <paramref name="services"/> (in member order), reporting <see cref="WaveDone"/> to <paramref name="requester"/>.</summary>
    /// <param name="services">The services whose processes stop.</param>
    /// <param name="instancesOf">The instances of each service, as laid out now.</param>
    /// <param name="purpose">What the requester does once all are down.</param>
    /// <param name="tag">An immutable record handed back in <see cref="WaveDone"/>.</param>
    /// <param name="reason">Why the processes stop, as their stopping events say.</param>
    /// <param name="requester">Who hears <see cref="WaveDone"/>.</param>
    public static Props Props(IReadOnlyList<ServiceSpec> services, Func<ServiceSpec, IEnumerable<InstanceIdentity>> instancesOf, WavePurpose purpose, object? tag, string reason, IActorRef requester)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(instancesOf);
        ArgumentNullException.ThrowIfNull(requester);
        var specs = services.ToArray();
        IReadOnlyDictionary<string, IReadOnlyList<InstanceIdentity>> instances = specs.ToDictionary(s => s.Name, s => (IReadOnlyList<InstanceIdentity>)instancesOf(s).ToArray(), StringComparer.Ordinal);
        return ActorProps.Of(() => new StopWave(specs, instances, purpose, tag, reason, requester));
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        var longest = _within.Select(s => s.Stop.Timeout).DefaultIfEmpty(TimeSpan.Zero).Max();
        Timers.StartSingleTimer(WaveOverdue.Instance, WaveOverdue.Instance, longest + Slack);

        // Everyone is held at once: an instance whose turn has not come must not restart meanwhile.
        // The turns wait until every instance has answered an Identify sent behind its Hold: the
        // instances of a restarted group were suspended by Akka's failure handling, and a suspended
        // subtree resumes its children in the order of their names' hash codes, which differ from one
        // process to the next. Turns sent to resumed mailboxes are handled in the order they are sent,
        // so `warden simulate` gives the same bytes every run. A missing instance answers at once
        // (with no subject).
        foreach (var instance in DependencyOrder.StopOrder(_within).SelectMany(s => _instances[s.Name]))
        {
            var selection = Context.ActorSelection(instance.Path);
            selection.Tell(Hold.Instance, Self);
            selection.Tell(new Identify(instance.Name), Self);
            _unanswered.Add(instance.Name);
        }

        if (_unanswered.Count == 0)
        {
            Advance();
        }
    }

    private void OnIdentity(ActorIdentity identity)
    {
        if (identity.MessageId is string instance && _unanswered.Remove(instance) && _unanswered.Count == 0)
        {
            Advance();
        }
    }

    private void OnDown(InstanceDown down)
    {
        if (!_serviceOf.ContainsKey(down.Instance) || !_downInstances.Add(down.Instance))
        {
            return;
        }

        if (down.Wanted)
        {
            _wanted.Add(down.Instance);
        }

        Advance();
    }

    /// <summary>Marks services whose instances are all down, then gives their turn to services no remaining dependent holds.</summary>
    private void Advance()
    {
        if (_unanswered.Count > 0)
        {
            return;
        }

        foreach (var service in _within)
        {
            if (_sent.Contains(service.Name) && _instances[service.Name].All(i => _downInstances.Contains(i.Name)))
            {
                _downServices.Add(service.Name);
            }
        }

        if (_downServices.Count == _within.Count)
        {
            Finish();
            return;
        }

        var again = false;
        foreach (var service in DependencyOrder.StopOrder(_within))
        {
            if (_sent.Contains(service.Name) || _within.Any(d => d.DependsOn.Contains(service.Name) && !_downServices.Contains(d.Name)))
            {
                continue;
            }

            _sent.Add(service.Name);
            var turn = new HoldAndStop(_reason, Retire: _purpose == WavePurpose.Reload);
            foreach (var instance in _instances[service.Name])
            {
                Context.ActorSelection(instance.Path).Tell(turn, Self);
            }

            again |= _instances[service.Name].Count == 0;
        }

        if (again)
        {
            // A service without instances is down at once, and may free its dependencies' turn.
            Advance();
        }
    }

    private void Finish()
    {
        Timers.CancelAll();
        _requester.Tell(new WaveDone(_purpose, _tag, _within.Select(s => s.Name).ToArray(), _wanted.ToHashSet(StringComparer.Ordinal)), Self);
        Context.Stop(Self);
    }
}
