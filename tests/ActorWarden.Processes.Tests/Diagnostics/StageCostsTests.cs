using System.Diagnostics;
using ActorWarden.Processes.Diagnostics;

namespace ActorWarden.Processes.Tests.Diagnostics;

/// <summary>
/// The meter is process-wide and other tests may run beside these, so every test registers stages of
/// its own name and reads only those. Once on, it stays on for the rest of the run (turning it off
/// could cut short a measurement another test of this class is making).
/// </summary>
public sealed class StageCostsTests
{
    [Fact]
    public void A_nested_stage_is_charged_its_own_work_and_the_outer_stage_only_the_rest()
    {
        StageCosts.Enable().Should().Be(OperatingSystem.IsLinux());
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var outerName = "test outer " + Guid.NewGuid();
        var innerName = "test inner " + Guid.NewGuid();
        var outer = StageCosts.Register(outerName);
        var inner = StageCosts.Register(innerName);
        byte[]? kept;
        using (StageCosts.Enter(outer))
        {
            Spin(TimeSpan.FromMilliseconds(5));
            using (StageCosts.Enter(inner))
            {
                Spin(TimeSpan.FromMilliseconds(30));
                kept = new byte[1 << 20];
            }

            Spin(TimeSpan.FromMilliseconds(5));
        }

        GC.KeepAlive(kept);
        var outerTotal = Total(outerName);
        var innerTotal = Total(innerName);
        innerTotal.AllocatedBytes.Should().BeGreaterThanOrEqualTo(1 << 20, "the megabyte was allocated inside the inner stage");
        outerTotal.AllocatedBytes.Should().BeLessThan(64 * 1024, "the inner stage's allocation is not the outer stage's too");
        innerTotal.CpuNanoseconds.Should().BeGreaterThan(0);
        outerTotal.CpuNanoseconds.Should().BeGreaterThan(0, "the outer stage spun before and after the inner one");
        innerTotal.Entries.Should().Be(1);
        outerTotal.Entries.Should().Be(1);
    }

    [Fact]
    public void A_stage_entered_on_several_threads_adds_up_what_each_thread_spent()
    {
        if (!StageCosts.Enable())
        {
            return;
        }

        var name = "test threads " + Guid.NewGuid();
        var stage = StageCosts.Register(name);
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            using (StageCosts.Enter(stage))
            {
                GC.KeepAlive(new byte[256 * 1024]);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var total = Total(name);
        total.Entries.Should().Be(4);
        total.AllocatedBytes.Should().BeGreaterThanOrEqualTo(4 * 256 * 1024);
    }

    [Fact]
    public void The_same_name_is_the_same_stage()
    {
        var name = "test name " + Guid.NewGuid();
        StageCosts.Register(name).Should().Be(StageCosts.Register(name));
        StageCosts.Register(name).Should().NotBe(StageCosts.Register(name + " other"));
    }

    [Fact]
    public void A_name_registered_by_many_threads_at_once_is_one_stage_in_the_snapshot()
    {
        // The dispatchers register an actor type's stage on its first mailbox run, which two threads may reach together.
        // Few attempts: every name takes at least one of the meter's 64 slots for the rest of the test run.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var name = "test race " + Guid.NewGuid();
            using var start = new Barrier(4);
            var stages = new Stage[4];
            var threads = Enumerable.Range(0, 4).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                stages[i] = StageCosts.Register(name);
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            stages.Distinct().Should().ContainSingle("every thread gets the stage the name maps to");
            StageCosts.Snapshot().Count(t => t.Stage == name).Should().BeLessThanOrEqualTo(1, "a slot taken by a losing registration is not a second stage");
        }
    }

    [Fact]
    public void A_default_scope_closes_nothing()
    {
        if (!StageCosts.Enable())
        {
            return;
        }

        var name = "test default " + Guid.NewGuid();
        var outer = StageCosts.Register(name);
        using (StageCosts.Enter(outer))
        {
            default(StageScope).Dispose();
            GC.KeepAlive(new byte[128 * 1024]);
        }

        Total(name).AllocatedBytes.Should().BeGreaterThanOrEqualTo(128 * 1024, "the outer stage was still the open one");
    }

    private static StageTotal Total(string name) => StageCosts.Snapshot().Single(t => t.Stage == name);

    private static void Spin(TimeSpan wall)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < wall)
        {
            Thread.SpinWait(100);
        }
    }
}
