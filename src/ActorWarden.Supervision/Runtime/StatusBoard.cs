using ActorWarden.Actors;
using ActorWarden.Supervision.Control;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Specs;
using ActorWarden.Supervision.Tree;

namespace ActorWarden.Supervision.Runtime;

/// <summary>
/// The current status table, folded from the event stream (as a read model is folded from a log), so
/// answering <c>warden status</c> for a thousand instances is one Ask to one actor — no fan-out to the
/// tree, no locks — and the table always agrees with the event log. It folds every event of a farm, so it
/// runs on a thread of its own (pinned dispatcher) rather than taking turns with a thousand busy
/// process actors, and status queries are control messages that overtake the fold backlog.
/// </summary>
public sealed class StatusBoard : ReceiveActor
{
    private readonly Func<WardenRuntimeStats> _runtimeStats;
    private readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);
    private TreeLayout _layout;
    private TimeSpan _startedAt;

    private StatusBoard(TreeLayout layout, Func<WardenRuntimeStats> runtimeStats)
    {
        _layout = layout;
        _runtimeStats = runtimeStats;
        Relayout(layout);
        Receive<WardenEvent>(Fold);
        Receive<RssSample>(sample =>
        {
            if (_rows.TryGetValue(sample.Instance, out var row))
            {
                row.Rss = sample.Bytes;
            }
        });
        Receive<StatusRelayout>(relayout => Relayout(relayout.Layout));
        Receive<GetStatus>(_ => Sender.Tell(Snapshot(), Self));
        Receive<GetServiceStatus>(query => Sender.Tell(new ServiceStatusReply(ServiceRows(query.Service)), Self));
    }

    /// <summary>Props of the board over <paramref name="layout"/>; <paramref name="runtimeStats"/> samples the warden's own health per query.</summary>
    public static Props Props(TreeLayout layout, Func<WardenRuntimeStats> runtimeStats)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(runtimeStats);
        return ActorWarden.Actors.Props.Create(() => new StatusBoard(layout, runtimeStats)).WithDispatcher(Dispatchers.PinnedDispatcherId);
    }

    private TimeSpan Now => Context.System.Scheduler.Monotonic;

    /// <inheritdoc />
    protected override void PreStart() => _startedAt = Now;

    private void Relayout(TreeLayout layout)
    {
        _layout = layout;
        var rows = new Dictionary<string, Row>(StringComparer.Ordinal);
        foreach (var instance in layout.Instances)
        {
            var row = _rows.TryGetValue(instance.Name, out var existing) ? existing : new Row();
            row.Identity = instance;
            rows[instance.Name] = row;
        }

        _rows.Clear();
        foreach (var (name, row) in rows)
        {
            _rows[name] = row;
        }
    }

    private void Fold(WardenEvent @event)
    {
        if (@event.Instance is null || !_rows.TryGetValue(@event.Instance, out var row))
        {
            return;
        }

        var fields = @event.Fields;
        switch (@event.Event)
        {
            case EventNames.State:
                if (Enum.TryParse<ProcessState>(fields.GetValueOrDefault("to") as string, ignoreCase: true, out var state))
                {
                    row.State = state;
                    row.Description = state is ProcessState.Running ? null : fields.GetValueOrDefault("reason") as string;
                }

                break;
            case EventNames.Started:
                row.Pid = fields.GetValueOrDefault("pid") as int?;
                row.StartedAt = Now;
                row.Rss = null;
                break;
            case EventNames.Exited or EventNames.Stopped:
                if (fields.GetValueOrDefault("pid") as int? == row.Pid)
                {
                    row.Pid = null;
                    row.StartedAt = null;
                    row.Rss = null;
                }

                row.LastExitCode = fields.GetValueOrDefault("code") as int?;
                row.LastSignal = fields.GetValueOrDefault("signal") as int?;
                break;
            case EventNames.Directive when fields.GetValueOrDefault("level") as string == "service" && fields.GetValueOrDefault("directive") as string == "restart":
                row.Restarts++;
                break;
            case EventNames.Health:
                row.Health = fields.GetValueOrDefault("state") as string ?? row.Health;
                break;
            case EventNames.SpawnFailed:
                row.Description = fields.GetValueOrDefault("error") as string;
                break;
        }
    }

    private WardenStatus Snapshot()
    {
        var groups = _layout.Groups
            .Select(g => new GroupStatus(g.Name, StrategyNames.Spell(g.Strategy), g.Members, g.Implicit))
            .ToArray();
        var instances = _layout.Instances.Select(i => ToStatus(_rows[i.Name])).ToArray();
        return new WardenStatus(_layout.Settings.ConfigFile, Now - _startedAt, groups, instances, _runtimeStats());
    }

    private IReadOnlyList<InstanceStatus>? ServiceRows(string service) =>
        _layout.HasService(service) ? _layout.InstancesOf(service).Select(i => ToStatus(_rows[i.Name])).ToArray() : null;

    private InstanceStatus ToStatus(Row row)
    {
        var id = row.Identity;
        var health = _layout.Service(id.Service).Health.Type == HealthCheckType.None ? "none" : row.Health;
        return new InstanceStatus(
            id.Name,
            id.Service,
            id.Group,
            id.Path,
            row.State,
            row.Pid,
            row.StartedAt is { } started ? Now - started : null,
            row.Restarts,
            row.LastExitCode,
            row.LastSignal,
            health,
            row.Rss,
            row.Description);
    }


    private sealed class Row
    {
        public Tree.Launch.InstanceIdentity Identity { get; set; } = null!;

        public ProcessState State { get; set; } = ProcessState.Stopped;

        public int? Pid { get; set; }

        public TimeSpan? StartedAt { get; set; }

        public int Restarts { get; set; }

        public int? LastExitCode { get; set; }

        public int? LastSignal { get; set; }

        public string Health { get; set; } = "starting";

        public long? Rss { get; set; }

        public string? Description { get; set; }
    }
}
