using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Runtime;

public sealed class ReloadTests
{
    private static WardenSettings Hundred(Func<int, ServiceSpec, ServiceSpec>? change = null) =>
        TestSpecs.Settings(Enumerable.Range(1, 100)
            .Select(i =>
            {
                var spec = TestSpecs.Service($"svc{i:000}", s => s with
                {
                    Args = ["--id", i.ToString()],
                    Env = new Dictionary<string, string> { ["ID"] = i.ToString() },
                    ExitCodes = new Dictionary<int, ExitAction> { [3] = ExitAction.Stop },
                });
                return change is null ? spec : change(i, spec);
            })
            .ToArray());

    [Fact]
    public async Task Reloading_with_one_changed_service_out_of_a_hundred_restarts_exactly_that_one()
    {
        var next = Hundred((i, s) => i == 42 ? s with { Args = ["--id", "42", "--verbose"] } : s);
        await using var warden = VirtualWarden.Start(Hundred(), reloader: () => next);
        warden.Advance(2);
        var pids = warden.Status().Instances.ToDictionary(i => i.Name, i => i.Pid);

        var result = warden.Command(c => c.ReloadAsync());
        warden.Advance(2);

        result.Kind.Should().Be(ControlOutcome.Ok);
        result.Affected.Should().Equal("svc042");
        var after = warden.Status().Instances.ToDictionary(i => i.Name, i => i.Pid);
        after.Where(p => p.Value != pids[p.Key]).Select(p => p.Key).Should().Equal("svc042");
        warden.Launcher.Current("svc042").Spec.Arguments.Should().Contain("--verbose");
        warden.State("svc042").Should().Be(ProcessState.Running);
        var reloaded = warden.Events.Named(EventNames.Reloaded).Single();
        ((IEnumerable<string>)reloaded.Fields["changed"]!).Should().Equal("svc042");
    }

    [Fact]
    public async Task Reloading_with_only_health_backoff_and_stop_changed_keeps_every_process_and_applies_them()
    {
        var next = Hundred((i, s) => i == 7
            ? s with
            {
                Health = s.Health with { Interval = TimeSpan.FromSeconds(9) },
                Backoff = s.Backoff with { Min = TimeSpan.FromSeconds(3) },
                Stop = s.Stop with { Timeout = TimeSpan.FromSeconds(4) },
                Intensity = new IntensitySpec(9, TimeSpan.FromSeconds(20)),
            }
            : s);
        await using var warden = VirtualWarden.Start(Hundred(), reloader: () => next);
        warden.Advance(2);
        var pids = warden.Status().Instances.ToDictionary(i => i.Name, i => i.Pid);

        var result = warden.Command(c => c.ReloadAsync());
        warden.Advance(2);

        result.Message.Should().Be("reloaded: 0 added, 0 removed, 0 changed (restarted), 1 applied in place");
        warden.Status().Instances.ToDictionary(i => i.Name, i => i.Pid).Should().Equal(pids);
        warden.Launcher.Started.Should().HaveCount(100, "nothing restarted");
        var reloaded = warden.Events.Named(EventNames.Reloaded).Single();
        ((IEnumerable<string>)reloaded.Fields["changed"]!).Should().BeEmpty();
        ((IEnumerable<string>)reloaded.Fields["in_place"]!).Should().Equal("svc007");

        // The new backoff is the one the next restart waits: 3 s, where the old spec waited 100 ms.
        warden.Launcher.Current("svc007").Exit(1);
        warden.Advance(2);
        warden.State("svc007").Should().Be(ProcessState.Backoff);
        warden.Advance(4);
        warden.State("svc007").Should().Be(ProcessState.Running);
    }

    [Fact]
    public async Task Reloading_an_identical_file_changes_nothing()
    {
        await using var warden = VirtualWarden.Start(Hundred(), reloader: () => Hundred());
        warden.Advance(2);

        var result = warden.Command(c => c.ReloadAsync());

        result.Affected.Should().BeEmpty();
        warden.Launcher.Started.Should().HaveCount(100);
    }

    [Fact]
    public async Task New_services_start_and_removed_services_stop_on_reload()
    {
        var first = TestSpecs.Settings(TestSpecs.Service("old"), TestSpecs.Service("kept"));
        var second = TestSpecs.Settings(TestSpecs.Service("kept"), TestSpecs.Service("new", s => s with { Instances = 2 }));
        await using var warden = VirtualWarden.Start(first, reloader: () => second);
        warden.Advance(2);
        var kept = warden.Launcher.Current("kept").Pid;

        var result = warden.Command(c => c.ReloadAsync());
        warden.Advance(2);

        result.Message.Should().Be("reloaded: 1 added, 1 removed, 0 changed (restarted), 0 applied in place");
        warden.Launcher.Current("old").HasExited.Should().BeTrue();
        warden.Launcher.Current("kept").Pid.Should().Be(kept);
        warden.Status().Instances.Select(i => (i.Name, i.State)).Should().Equal(("kept", ProcessState.Running), ("new-1", ProcessState.Running), ("new-2", ProcessState.Running));
        warden.Warden.ServiceNames.Should().Equal("kept", "new");
    }

    [Fact]
    public async Task A_broken_file_changes_nothing_and_is_reported_as_invalid_with_its_location()
    {
        await using var warden = VirtualWarden.Start(
            TestSpecs.Settings(TestSpecs.Service("web")),
            reloader: () => throw new InvalidOperationException("/etc/warden.conf:12:7: expected '=' or '{', found '}'"));
        warden.Advance(2);

        var result = warden.Command(c => c.ReloadAsync());

        result.Kind.Should().Be(ControlOutcome.Invalid);
        result.Message.Should().Be("/etc/warden.conf:12:7: expected '=' or '{', found '}'");
        warden.Events.Named(EventNames.ReloadFailed).Should().ContainSingle();
        warden.Launcher.Started.Should().ContainSingle();
        warden.State("web").Should().Be(ProcessState.Running);
    }

    [Fact]
    public async Task A_changed_group_strategy_recreates_the_group()
    {
        var first = TestSpecs.Settings(TestSpecs.Service("a"), TestSpecs.Service("b"), TestSpecs.Service("c"))
            .WithGroups(new GroupSpec { Name = "g", Members = ["a", "b"] });
        var second = first.WithGroups(new GroupSpec { Name = "g", Strategy = GroupStrategy.OneForAll, Members = ["a", "b"] });
        await using var warden = VirtualWarden.Start(first, reloader: () => second);
        warden.Advance(2);

        var result = warden.Command(c => c.ReloadAsync());
        warden.Advance(2);

        result.Affected.Should().Equal("a", "b");
        warden.Launcher.StartedFor("a").Should().HaveCount(2);
        warden.Launcher.StartedFor("c").Should().ContainSingle();
        warden.Status().Groups.Single(g => g.Name == "g").Strategy.Should().Be("one-for-all");
    }

    [Fact]
    public async Task Services_added_by_reload_start_in_dependency_order_once_their_dependencies_are_running()
    {
        var first = TestSpecs.Settings(TestSpecs.Service("kept"));
        var next = TestSpecs.Settings(
            TestSpecs.Service("kept"),
            TestSpecs.Service("db", s => s with { StartSeconds = TimeSpan.FromSeconds(2) }),
            TestSpecs.Service("api", s => s with { DependsOn = ["db"] }));
        await using var warden = VirtualWarden.Start(first, reloader: () => next);
        warden.Advance(2);

        warden.Command(c => c.ReloadAsync()).Kind.Should().Be(ControlOutcome.Ok);
        warden.Advance(1);
        warden.Launcher.StartedFor("db").Should().ContainSingle();
        warden.Launcher.StartedFor("api").Should().BeEmpty("db is not Running before its start-seconds");

        warden.Advance(1.5);
        warden.State("db").Should().Be(ProcessState.Running);
        warden.Launcher.StartedFor("api").Should().ContainSingle();
        warden.Advance(1.5);
        warden.State("api").Should().Be(ProcessState.Running);
    }
}
