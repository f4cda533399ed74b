using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Tree;

/// <summary>
/// Erlang's order for restarts that affect several services: stop in reverse dependency order (a
/// service only once every affected dependent is down, independent ones last member first), start in
/// dependency order (each once its dependencies are Running) — for group restarts, root restarts,
/// recreated parked groups and services changed by a reload.
/// </summary>
public sealed class RestartOrderTests
{
    private static readonly StopSpec SlowStop = new() { Timeout = TimeSpan.FromSeconds(5) };

    private static ServiceSpec Fast(string name, Func<ServiceSpec, ServiceSpec>? more = null)
    {
        var spec = TestSpecs.Service(name, s => s with
        {
            StartSeconds = TimeSpan.Zero,
            Backoff = new BackoffSpec { Min = TimeSpan.Zero, Jitter = 0 },
            Intensity = new IntensitySpec(0, TimeSpan.FromSeconds(10)),
            Stop = SlowStop,
        });
        return more is null ? spec : more(spec);
    }

    /// <summary>"instance:state" of every state event from <paramref name="from"/> on, with its virtual time.</summary>
    private static IReadOnlyList<(string Step, DateTimeOffset Ts)> States(VirtualWarden warden, int from) =>
        warden.Events.All.Skip(from)
            .Where(e => e.Event == EventNames.State)
            .Select(e => ($"{e.Instance}:{e.Fields["to"]}", e.Ts))
            .ToArray();

    private static int IndexOf(IReadOnlyList<(string Step, DateTimeOffset Ts)> trace, string step)
    {
        var index = trace.Select(t => t.Step).ToList().IndexOf(step);
        index.Should().BeGreaterThanOrEqualTo(0, $"{step} should happen; trace: {string.Join(", ", trace.Select(t => t.Step))}");
        return index;
    }

    private static void ShouldComeBefore(IReadOnlyList<(string Step, DateTimeOffset Ts)> trace, string first, string then) =>
        IndexOf(trace, first).Should().BeLessThan(IndexOf(trace, then), $"{first} comes before {then}; trace: {string.Join(", ", trace.Select(t => t.Step))}");

    private static bool IgnoresTerm(Processes.ProcessStartSpec spec, params string[] services) =>
        services.Any(s => spec.FileName.EndsWith("/" + s, StringComparison.Ordinal));

    [Fact]
    public async Task One_for_all_stops_dependents_first_and_starts_dependencies_first()
    {
        var settings = TestSpecs.Settings(
                Fast("db", s => s with { StartSeconds = TimeSpan.FromSeconds(2) }),
                Fast("cache"),
                Fast("web", s => s with { DependsOn = ["db"] }))
            .WithGroups(new GroupSpec { Name = "g", Strategy = GroupStrategy.OneForAll, Members = ["db", "cache", "web"] });
        await using var warden = VirtualWarden.Start(settings, onStart: child => child.IgnoresSignals = IgnoresTerm(child.Spec, "web"));
        warden.Advance(3);
        warden.State("web").Should().Be(ProcessState.Running);
        var mark = warden.Events.All.Count;

        warden.Launcher.Current("cache").Exit(1);
        warden.Settle();
        warden.Advance(10);

        var trace = States(warden, mark);
        ShouldComeBefore(trace, "web:stopping", "db:stopping");
        ShouldComeBefore(trace, "web:stopped", "db:stopping");
        ShouldComeBefore(trace, "cache:exited", "db:stopping");
        (trace[IndexOf(trace, "db:stopping")].Ts - trace[IndexOf(trace, "web:stopping")].Ts)
            .Should().Be(TimeSpan.FromSeconds(5), "db waits until web, which ignores SIGTERM, is killed at its stop timeout");
        ShouldComeBefore(trace, "db:stopped", "db:starting");
        ShouldComeBefore(trace, "db:stopped", "cache:starting");
        ShouldComeBefore(trace, "db:running", "web:starting");
        foreach (var service in new[] { "db", "cache", "web" })
        {
            warden.State(service).Should().Be(ProcessState.Running, service);
            warden.Launcher.StartedFor(service).Should().HaveCount(2, service);
        }
    }

    [Fact]
    public async Task Rest_for_one_stops_only_the_later_members_last_first_and_dependents_before_their_dependencies()
    {
        var settings = TestSpecs.Settings(
                Fast("a"),
                Fast("b"),
                Fast("c", s => s with { StartSeconds = TimeSpan.FromSeconds(2) }),
                Fast("d", s => s with { DependsOn = ["c"] }),
                Fast("e"))
            .WithGroups(new GroupSpec { Name = "g", Strategy = GroupStrategy.RestForOne, Members = ["a", "b", "c", "d", "e"] });
        await using var warden = VirtualWarden.Start(settings, onStart: child => child.IgnoresSignals = IgnoresTerm(child.Spec, "d"));
        warden.Advance(3);
        var a = warden.Launcher.Current("a").Pid;
        var mark = warden.Events.All.Count;

        warden.Launcher.Current("b").Exit(1);
        warden.Settle();
        warden.Advance(10);

        var trace = States(warden, mark);
        trace.Select(t => t.Step).Should().NotContain(s => s.StartsWith("a:", StringComparison.Ordinal), "a comes before the failed member");
        warden.Launcher.Current("a").Pid.Should().Be(a);
        ShouldComeBefore(trace, "e:stopping", "d:stopping");
        ShouldComeBefore(trace, "d:stopped", "c:stopping");
        (trace[IndexOf(trace, "c:stopping")].Ts - trace[IndexOf(trace, "d:stopping")].Ts)
            .Should().Be(TimeSpan.FromSeconds(5), "c waits until d, its dependent, is killed at its stop timeout");
        ShouldComeBefore(trace, "c:stopped", "b:starting");
        ShouldComeBefore(trace, "c:running", "d:starting");
        foreach (var service in new[] { "a", "b", "c", "d", "e" })
        {
            warden.State(service).Should().Be(ProcessState.Running, service);
        }
    }

    [Fact]
    public async Task A_root_restart_of_a_group_stops_and_starts_its_services_in_dependency_order()
    {
        var settings = TestSpecs.Settings(
                Fast("db", s => s with { StartSeconds = TimeSpan.FromSeconds(2) }),
                Fast("web", s => s with { DependsOn = ["db"] }),
                Fast("worker"))
            .WithGroups(new GroupSpec { Name = "g", Members = ["db", "web", "worker"], Intensity = new IntensitySpec(0, TimeSpan.FromSeconds(30)) });
        await using var warden = VirtualWarden.Start(settings, onStart: child => child.IgnoresSignals = IgnoresTerm(child.Spec, "web"));
        warden.Advance(3);
        var mark = warden.Events.All.Count;

        warden.Launcher.Current("worker").Exit(1);
        warden.Settle();
        warden.Advance(10);

        warden.Events.Directives("root").Single().Fields["directive"].Should().Be("restart");
        var trace = States(warden, mark);
        ShouldComeBefore(trace, "web:stopped", "db:stopping");
        ShouldComeBefore(trace, "db:stopped", "worker:starting");
        ShouldComeBefore(trace, "db:running", "web:starting");
        foreach (var service in new[] { "db", "web", "worker" })
        {
            warden.State(service).Should().Be(ProcessState.Running, service);
            warden.Launcher.StartedFor(service).Should().HaveCount(2, service);
        }
    }

    [Fact]
    public async Task A_parked_group_comes_back_in_dependency_order()
    {
        var settings = TestSpecs.Settings(
                Fast("db", s => s with { StartSeconds = TimeSpan.FromSeconds(2), FatalRetry = TimeSpan.FromMinutes(1) }),
                Fast("web", s => s with { DependsOn = ["db"], FatalRetry = TimeSpan.FromMinutes(1) }))
            .WithGroups(new GroupSpec { Name = "g", Members = ["db", "web"], Intensity = new IntensitySpec(0, TimeSpan.FromSeconds(30)) })
            with
            { Root = new RootSpec { Intensity = new IntensitySpec(0, TimeSpan.FromSeconds(60)), OnGiveUp = GiveUpPolicy.Park } };
        await using var warden = VirtualWarden.Start(settings);
        warden.Advance(3);

        warden.Launcher.Current("web").Exit(1);
        warden.Settle();
        warden.Advance(10);
        warden.State("db").Should().Be(ProcessState.Fatal);
        warden.State("web").Should().Be(ProcessState.Fatal);
        var mark = warden.Events.All.Count;

        warden.Advance(TimeSpan.FromMinutes(1));
        warden.Advance(5);

        var trace = States(warden, mark);
        ShouldComeBefore(trace, "db:running", "web:starting");
        warden.State("db").Should().Be(ProcessState.Running);
        warden.State("web").Should().Be(ProcessState.Running);
    }

    [Fact]
    public async Task Services_changed_by_a_reload_stop_dependents_first_and_start_dependencies_first()
    {
        var first = TestSpecs.Settings(
            Fast("db", s => s with { StartSeconds = TimeSpan.FromSeconds(2) }),
            Fast("web", s => s with { DependsOn = ["db"] }),
            Fast("kept"));
        var next = TestSpecs.Settings(
            Fast("db", s => s with { StartSeconds = TimeSpan.FromSeconds(2), Args = ["--v2"] }),
            Fast("web", s => s with { DependsOn = ["db"], Args = ["--v2"] }),
            Fast("kept"));
        await using var warden = VirtualWarden.Start(first, reloader: () => next, onStart: child => child.IgnoresSignals = IgnoresTerm(child.Spec, "web"));
        warden.Advance(3);
        var kept = warden.Launcher.Current("kept").Pid;
        var mark = warden.Events.All.Count;

        warden.Command(c => c.ReloadAsync()).Affected.Should().Equal("db", "web");
        warden.Advance(10);

        var trace = States(warden, mark);
        ShouldComeBefore(trace, "web:stopped", "db:stopping");
        ShouldComeBefore(trace, "db:stopped", "db:starting");
        ShouldComeBefore(trace, "db:running", "web:starting");
        warden.Launcher.Current("db").Spec.Arguments.Should().Contain("--v2");
        warden.Launcher.Current("web").Spec.Arguments.Should().Contain("--v2");
        warden.Launcher.Current("kept").Pid.Should().Be(kept);
        warden.State("db").Should().Be(ProcessState.Running);
        warden.State("web").Should().Be(ProcessState.Running);
    }

    [Fact]
    public async Task A_process_that_ends_while_waiting_for_its_turn_is_recorded_as_stopped_and_nothing_starts_early()
    {
        var settings = TestSpecs.Settings(
                Fast("db"),
                Fast("web", s => s with { DependsOn = ["db"] }),
                Fast("cache"))
            .WithGroups(new GroupSpec { Name = "g", Strategy = GroupStrategy.OneForAll, Members = ["db", "web", "cache"] });
        await using var warden = VirtualWarden.Start(settings, onStart: child => child.IgnoresSignals = IgnoresTerm(child.Spec, "web"));
        warden.Advance(1);
        var db = warden.Launcher.Current("db");
        var mark = warden.Events.All.Count;

        warden.Launcher.Current("cache").Exit(1);
        warden.Settle();
        warden.Advance(2);
        db.Signals.Should().BeEmpty("db waits until web is gone");
        db.Exit(0);
        warden.Settle();
        warden.State("db").Should().Be(ProcessState.Stopped);
        warden.Launcher.StartedFor("db").Should().ContainSingle("nothing affected starts before web is gone");

        warden.Advance(5);

        var trace = States(warden, mark);
        ShouldComeBefore(trace, "db:stopped", "web:stopped");
        ShouldComeBefore(trace, "web:stopped", "db:starting");
        warden.State("db").Should().Be(ProcessState.Running);
        warden.State("web").Should().Be(ProcessState.Running);
    }

    [Fact]
    public async Task A_member_added_by_a_reload_is_part_of_its_group_after_a_root_restart()
    {
        var group = new GroupSpec { Name = "g", Members = ["db"], Intensity = new IntensitySpec(0, TimeSpan.FromSeconds(30)) };
        var first = TestSpecs.Settings(Fast("db")).WithGroups(group);
        var next = TestSpecs.Settings(Fast("db"), Fast("cache")).WithGroups(group with { Members = ["db", "cache"] });
        await using var warden = VirtualWarden.Start(first, reloader: () => next);
        warden.Advance(3);
        warden.Command(c => c.ReloadAsync()).Affected.Should().Contain("cache");
        warden.Advance(3);
        warden.State("cache").Should().Be(ProcessState.Running);

        warden.Launcher.Current("db").Exit(1);
        warden.Settle();
        warden.Advance(10);

        warden.Events.Directives("root").Single().Fields["directive"].Should().Be("restart");
        warden.State("db").Should().Be(ProcessState.Running);
        warden.State("cache").Should().Be(ProcessState.Running, "the restarted group is rebuilt with the members it has now, not those it was created with");
        warden.Launcher.StartedFor("cache").Should().HaveCount(2, "the root restart restarted the added member too");
    }

    [Fact]
    public async Task A_group_the_root_gives_up_on_is_stopped_dependents_first()
    {
        var settings = TestSpecs.Settings(
                Fast("db", s => s with { StartSeconds = TimeSpan.FromSeconds(2), FatalRetry = null }),
                Fast("web", s => s with { DependsOn = ["db"], FatalRetry = null }),
                Fast("worker", s => s with { FatalRetry = null }))
            .WithGroups(new GroupSpec { Name = "g", Members = ["db", "web", "worker"], Intensity = new IntensitySpec(0, TimeSpan.FromSeconds(30)) })
            with
            { Root = new RootSpec { Intensity = new IntensitySpec(0, TimeSpan.FromSeconds(60)), OnGiveUp = GiveUpPolicy.Park } };
        await using var warden = VirtualWarden.Start(settings, onStart: child => child.IgnoresSignals = IgnoresTerm(child.Spec, "web"));
        warden.Advance(3);
        var mark = warden.Events.All.Count;

        warden.Launcher.Current("worker").Exit(1);
        warden.Settle();
        warden.Advance(10);

        warden.Events.All.Should().Contain(e => e.Event == EventNames.GaveUp);
        var ends = warden.Events.All.Skip(mark)
            .Where(e => e.Event is EventNames.Stopping or EventNames.Stopped or EventNames.Killed)
            .Select(e => ($"{e.Instance}:{e.Event}", e.Ts))
            .ToArray();
        ShouldComeBefore(ends, "web:killed", "db:stopping");
        ShouldComeBefore(ends, "web:stopped", "db:stopping");
        (ends[IndexOf(ends, "db:stopping")].Ts - ends[IndexOf(ends, "web:stopping")].Ts)
            .Should().Be(TimeSpan.FromSeconds(5), "db waits until web, which ignores SIGTERM, is killed at its stop timeout");
        warden.Launcher.Current("db").Exited.IsCompleted.Should().BeTrue();
        warden.State("db").Should().Be(ProcessState.Fatal);
        warden.State("web").Should().Be(ProcessState.Fatal);
    }
}
