using ActorWarden.Config;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Tree;
using Akka.Actor;
using Akka.Event;

namespace ActorWarden.Supervision.Runtime;

/// <summary>
/// The current status table, folded from the event stream (as a read model is folded from a log), so
/// answering <c>warden status</c> for a thousand instances is one Ask to one actor — no fan-out to the
/// tree, no locks — and the table always agrees with the event log. It folds every event of a farm, so it
/// runs on a thread of its own (pinned dispatcher) rather than taking turns with a thousand busy
/// process actors. Status queries are deliberately ordinary messages, queued behind the events already
/// published: a query made after an event sees it (read-your-writes), which a control lane would break.
/// <para>
/// The RSS column is kept fresh without touching /proc in a query: every RSS refresh interval the
/// board hands the pids it knows to its <see cref="RssSampler"/> child and folds the readings that
/// come back, exactly as it folds events. Instances with <c>max-memory</c> are not read this way: their
/// process actor already samples the whole process tree for the limit (<see cref="RssSample"/>), and
/// that figure, which counts the children too, is the one the limit is judged by, so it wins.
/// </para>
/// </summary>
public sealed class StatusBoard : ReceiveActor, IWithTimers
{
    private readonly Func<WardenRuntimeStats> _runtimeStats;
    private readonly Func<int, long?>? _readRss;
    private readonly TimeSpan _rssInterval;
    private readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);
    private TreeLayout _layout;
    private TimeSpan _startedAt;
    private IActorRef? _sampler;
    private long _deadLetters;

    private StatusBoard(TreeLayout layout, Func<WardenRuntimeStats> runtimeStats, Func<int, long?>? readRss, TimeSpan rssInterval)
    {
        _layout = layout;
        _runtimeStats = runtimeStats;
        _readRss = readRss;
        _rssInterval = rssInterval;
        Relayout(layout);
        Receive<WardenEvent>(Fold);
        Receive<DeadLetter>(_ => _deadLetters++);
        Receive<UnhandledMessage>(_ => _deadLetters++);
        Receive<RssSample>(sample =>
        {
            if (_rows.TryGetValue(sample.Instance, out var row) && row.Pid is not null)
            {
                row.Rss = sample.Bytes;
            }
        });
        Receive<RefreshRssDue>(_ => RefreshRss());
        Receive<RssReadings>(FoldReadings);
        Receive<StatusRelayout>(relayout => Relayout(relayout.Layout));
        Receive<GetStatus>(_ => Sender.Tell(Snapshot(), Self));
        Receive<GetServiceStatus>(query => Sender.Tell(new ServiceStatusReply(ServiceRows(query.Service)), Self));
    }

    /// <summary>
    /// Props of the board over <paramref name="layout"/>; <paramref name="runtimeStats"/> samples the
    /// warden's own health per query. <paramref name="readRss"/> reads one process's own RSS every
    /// <paramref name="rssInterval"/>; null (simulation, where pids are fake) means no refresh at all,
    /// not even a tick, so a simulated timeline is the same with or without this feature.
    /// </summary>
    public static Props Props(TreeLayout layout, Func<WardenRuntimeStats> runtimeStats, Func<int, long?>? readRss = null, TimeSpan? rssInterval = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(runtimeStats);
        var interval = rssInterval ?? WardenRuntimeOptions.DefaultRssRefreshInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(rssInterval));
        return ActorProps.Of(() => new StatusBoard(layout, runtimeStats, readRss, interval)).WithDispatcher(WardenAkkaIds.FoldingDispatcher);
    }

    private TimeSpan Now => Context.System.Scheduler.Monotonic;

    /// <inheritdoc />
    protected override void PreStart()
    {
        _startedAt = Now;

        // Akka counts no dead letters itself: they are published on the EventStream, and this board is
        // where operators read the warden's own health.
        Context.System.EventStream.Subscribe(Self, typeof(DeadLetter));

        // An unhandled message is a bug as much as an undeliverable one; Akka logs both as dead letters.
        Context.System.EventStream.Subscribe(Self, typeof(UnhandledMessage));
        if (_readRss is { } readRss)
        {
            _sampler = Context.ActorOf(RssSampler.Props(readRss));
            Timers.StartPeriodicTimer(RefreshRssDue.Instance, RefreshRssDue.Instance, _rssInterval);
        }
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Sends the live pids of instances without max-memory to the sampler; nothing when none runs.</summary>
    private void RefreshRss()
    {
        var targets = new List<RssTarget>();
        foreach (var row in _rows.Values)
        {
            if (row.Pid is { } pid && !IsTreeSampled(row))
            {
                targets.Add(new RssTarget(row.Identity.Name, pid));
            }
        }

        if (targets.Count > 0)
        {
            _sampler?.Tell(new ReadRssBatch(targets), Self);
        }
    }

    /// <summary>Keeps a reading only if its process is still the instance's current one: a late answer for an exited or restarted process is dropped.</summary>
    private void FoldReadings(RssReadings readings)
    {
        foreach (var reading in readings.Readings)
        {
            if (_rows.TryGetValue(reading.Instance, out var row) && row.Pid == reading.Pid && !IsTreeSampled(row))
            {
                row.Rss = reading.Bytes;
            }
        }
    }

    private bool IsTreeSampled(Row row) => _layout.Service(row.Identity.Service).MaxMemoryBytes is not null;

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

        switch (@event.Payload)
        {
            case StateEvent state:
                row.State = state.To;
                row.Description = state.To is ProcessState.Running ? null : state.Reason;
                break;
            case StartedEvent started:
                row.Pid = started.Pid;
                row.StartedAt = Now;
                row.Rss = null;
                break;
            case MainPidEvent main:
                row.Pid = main.Pid;
                break;
            case ExitedEvent exited:
                Ended(row, exited.Pid, exited.Code, exited.Signal);
                break;
            case StoppedEvent stopped:
                Ended(row, stopped.Pid, stopped.Code, stopped.Signal);
                break;
            case ServiceDirectiveEvent { IsRestart: true }:
                row.Restarts++;
                break;
            case HealthEvent health:
                row.Health = health.StateName;
                break;
            case SpawnFailedEvent failed:
                row.Description = failed.Error;
                break;
            case NotifyEvent notice:
                row.Description = notice.Describe() ?? row.Description;
                break;
            case LogsDroppedEvent dropped:
                row.CountDrop(dropped.Where, dropped.Reason, dropped.Dropped, dropped.DroppedBytes ?? 0L);
                break;
        }
    }

    /// <summary>A process of the row ended: its pid, start and RSS go with it, its exit stays shown.</summary>
    private static void Ended(Row row, int pid, int? code, int? signal)
    {
        if (pid == row.Pid)
        {
            row.Pid = null;
            row.StartedAt = null;
            row.Rss = null;
        }

        row.LastExitCode = code;
        row.LastSignal = signal;
    }

    private WardenStatus Snapshot()
    {
        var groups = _layout.Groups
            .Select(g => new GroupStatus(g.Name, StrategyNames.Spell(g.Strategy), g.Members, g.Implicit))
            .ToArray();
        var instances = _layout.Instances.Select(i => ToStatus(_rows[i.Name])).ToArray();
        return new WardenStatus(_layout.Settings.ConfigFile, Now - _startedAt, groups, instances, _runtimeStats() with { DeadLetters = _deadLetters });
    }

    private IReadOnlyList<InstanceStatus>? ServiceRows(string service) =>
        _layout.HasService(service) ? _layout.InstancesOf(service).Select(i => ToStatus(_rows[i.Name])).ToArray() : null;

    private InstanceStatus ToStatus(Row row)
    {
        var id = row.Identity;
        var health = InstanceHealth.Shown(_layout.Service(id.Service).Health.Type, row.State, row.Health);
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
            row.Description)
        {
            LogDrops = row.Drops.Count == 0 ? null : row.Drops.Select(d => new LogDropCount(d.Key.Stream, d.Key.Reason, d.Value.Lines, d.Value.Bytes)).ToArray(),
        };
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

        /// <summary>Dropped output per (stream or target, reason), in the order first seen.</summary>
        public Dictionary<(string Stream, string Reason), (long Lines, long Bytes)> Drops { get; } = [];

        public void CountDrop(string stream, string reason, long lines, long bytes)
        {
            var (l, b) = Drops.GetValueOrDefault((stream, reason));
            Drops[(stream, reason)] = (l + lines, b + bytes);
        }
    }
}
