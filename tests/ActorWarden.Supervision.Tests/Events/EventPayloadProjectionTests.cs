using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;

namespace ActorWarden.Supervision.Tests.Events;

/// <summary>
/// The typed payloads against docs/events.md and the wire: each payload projects exactly the fields the
/// tables document for its event (in the documented order where no field is optional), every payload
/// type and every documented event is covered, and the JSON writer's typed path writes the same bytes
/// as the generic path over the projected dictionary.
/// </summary>
public sealed class EventPayloadProjectionTests
{
    private static readonly DateTimeOffset Ts = new(2026, 11, 21, 10, 30, 0, 123, TimeSpan.Zero);

    /// <summary>One payload of every kind, and of every variant whose fields differ.</summary>
    private static readonly EventPayload[] Samples =
    [
        new StateEvent(ProcessState.Starting, ProcessState.Running, "started"),
        new StartedEvent(4242, "/bin/web", ["-p", "80"], false),
        new SpawnFailedEvent("No such file or directory", "/bin/nosuch"),
        new ExitedEvent(4242, 3, null, false, 61234, false),
        new BackoffEvent(1500, 2, "exit code 1"),
        new FatalEvent("3 failed starts in a row", null),
        new StoppingEvent(9, "SIGTERM", 10_000, "operator stop"),
        new StoppedEvent(9, null, 15, 1000),
        new KilledEvent(9, "no exit within stop.timeout"),
        new HealthEvent(HealthState.Unhealthy, "GET /health: 503"),
        new ReadyEvent(7, 2013),
        new StartTimeoutEvent(7, 30_000),
        new NotifyEvent(7, "draining", true, false, null, null),
        new NotifyRefusedEvent(555, 0, "not in the instance's process tree", 10),
        new MainPidEvent(4243, 4242, 0, null),
        new MemoryExceededEvent(9, 300L << 20, 256L << 20),
        new OrphanEvent(77, Adopted: false),
        new SignalledEvent(41, "SIGUSR1", false),
        ServiceReloadedEvent.BySignal(43, "SIGHUP"),
        ServiceReloadedEvent.ByCommand(44, "/bin/app reload", "ok"),
        new ServiceReloadFailedEvent(44, "/bin/app reload", "exit code 2"),
        new ServiceReloadFailedEvent(44, null, "undefined ${X}"),
        new PreStartEvent(new HookReport(false, "/usr/sbin/nginx -t", 1, null, false, null, "unknown directive")),
        new PostStopEvent(45, new HookReport(true, "/bin/cleanup", 0, null, false, null, "")),
        new PostStopEvent(45, null, "undefined ${X}"),
        new LeftoversEvent(false, 40, [41, 42], ["postgres: checkpointer", "postgres: walwriter"], Kept: false),
        new LeftoversEvent(true, 40, [41], ["postgres: checkpointer"], Kept: true),
        new OomKilledEvent(9, 1, 256L << 20, 256L << 20),
        new ServiceDirectiveEvent("web", "web-1", "restart", "restart", "exit code 1", "ProcessExitedException", 500),
        new GroupDirectiveEvent("backend", "db", "restart", "one-for-all", ["db", "api"], "db: exit code 1", "ProcessExitedException"),
        new RootDirectiveEvent("warden", "backend", "restart", "db failed", "InstanceFailureException"),
        new EscalatedEvent("web", "service", "backend", "more than 3 restarts within 10 s"),
        new GaveUpEvent("backend", "exit", 3, "too many"),
        new BindsToStopEvent("db", "db is exited"),
        new BindsToStartEvent(["db"]),
        new WardenStartedEvent("farm", "/etc/warden.conf", 100, 5, 7),
        new WardenReadyEvent(["db", "web"]),
        new CommandEvent("restart", "web", ["web-1", "web-2"]),
        new ReloadingEvent("/etc/warden.conf"),
        new ReloadedEvent("/etc/warden.conf", ["a"], [], ["b"], ["c"], []),
        new ReloadFailedEvent("/etc/warden.conf", "/etc/warden.conf:3:5: unknown key"),
        new WardenStoppingEvent("SIGTERM", 30_000),
        new WardenStoppedEvent(0, 2),
        new LeftoverGroupEvent("pg.1a2b3c4d", [41], ["postgres: checkpointer"]),
        new LogsDroppedEvent("stdout", null, "rate-limit", 10, 12, 500, 600),
        new LogsDroppedEvent(null, "udp://127.0.0.1:514", "syslog-queue-full", 30, 30, null, null),
        new LogsWriteFailedEvent("stdout", "/var/log/web-1.log", "disk full"),
        new LogsWriteRecoveredEvent("stdout", "/var/log/web-1.log"),
        new LogsShipFailedEvent("udp://127.0.0.1:514", "connection refused"),
        new LogsShipRecoveredEvent("udp://127.0.0.1:514"),
    ];

    public static TheoryData<string, EventPayload> Each()
    {
        var data = new TheoryData<string, EventPayload>();
        foreach (var sample in Samples)
        {
            data.Add($"{sample.Name} ({sample.GetType().Name})", sample);
        }

        return data;
    }

    [Fact]
    public void Every_payload_type_has_a_sample_and_every_documented_event_a_payload()
    {
        var payloadTypes = typeof(EventPayload).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(EventPayload)) && !t.IsAbstract && t != typeof(WireEvent));

        payloadTypes.Except(Samples.Select(s => s.GetType())).Should().BeEmpty("every payload is checked against the docs");
        Samples.Select(s => s.Name).Distinct().Should().BeEquivalentTo(EventsDocumentationTests.DocumentedEvents().Keys);
    }

    [Theory]
    [MemberData(nameof(Each))]
    public void A_payload_projects_only_documented_fields_and_every_required_one(string what, EventPayload payload)
    {
        var documented = EventsDocumentationTests.DocumentedEvents()[payload.Name];
        var optional = EventsDocumentationTests.Optional.GetValueOrDefault(payload.Name, []);
        var fields = payload.ToFields().Keys.ToList();

        fields.Should().OnlyHaveUniqueItems(what).And.BeSubsetOf(documented, what);
        documented.Except(optional).Should().BeSubsetOf(fields, what);
        if (optional.Length == 0)
        {
            fields.Should().Equal(documented, $"{what}: fields are written in the order docs/events.md lists them");
        }
    }

    [Fact]
    public void The_variants_of_an_event_together_project_every_field_its_table_lists()
    {
        var documented = EventsDocumentationTests.DocumentedEvents();

        foreach (var byName in Samples.GroupBy(s => s.Name))
        {
            byName.SelectMany(s => s.ToFields().Keys).Distinct().Should().BeEquivalentTo(documented[byName.Key], byName.Key);
        }
    }

    [Theory]
    [MemberData(nameof(Each))]
    public void The_typed_payload_writes_the_same_line_as_its_fields_read_back_from_the_wire(string what, EventPayload payload)
    {
        var typed = new WardenEvent(Ts, "web", "web-1", payload);
        var wire = new WardenEvent(Ts, payload.Name, "web", "web-1", payload.ToFields());

        EventJson.ToJson(typed).Should().Be(EventJson.ToJson(wire), what);
    }

    [Fact]
    public void The_example_line_of_docs_events_md_comes_from_a_typed_exit()
    {
        var exited = new WardenEvent(Ts, "web", "web-2", new ExitedEvent(4242, 3, null, false, 61234, false));

        EventJson.ToJson(exited).Should().Be(
            "{\"ts\":\"2026-11-21T10:30:00.123Z\",\"event\":\"exited\",\"service\":\"web\",\"instance\":\"web-2\",\"pid\":4242,\"code\":3,\"signal\":null,\"core_dumped\":false,\"ran_for_ms\":61234,\"failed_start\":false}");
    }

    [Fact]
    public void A_payload_keeps_the_value_types_producers_gave_the_fields()
    {
        var fields = new WardenEvent(Ts, "web", "web-1", new ExitedEvent(4242, null, 9, true, 1500, true)).Fields;

        fields["pid"].Should().BeOfType<int>().And.Be(4242);
        fields["code"].Should().BeNull();
        fields["signal"].Should().BeOfType<int>().And.Be(9);
        fields["ran_for_ms"].Should().BeOfType<long>().And.Be(1500L);
        fields["failed_start"].Should().Be(true);
    }

    [Fact]
    public void A_field_that_repeats_the_envelope_is_written_once_by_the_envelope()
    {
        var wire = new WardenEvent(Ts, "custom", "web", null, new Dictionary<string, object?> { ["service"] = "other", ["x"] = 1 });

        EventJson.ToJson(wire).Should().Be("{\"ts\":\"2026-11-21T10:30:00.123Z\",\"event\":\"custom\",\"service\":\"web\",\"x\":1}");
    }
}
