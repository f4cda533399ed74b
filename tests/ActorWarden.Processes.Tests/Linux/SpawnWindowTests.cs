using ActorWarden.Processes.Linux;
using ActorWarden.Processes.Tests.Support;

namespace ActorWarden.Processes.Tests.Linux;

public sealed class SpawnWindowTests : IDisposable
{
    private readonly ChildScope _scope = new();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public void Every_spawned_child_carries_the_start_time_proc_reports_for_it()
    {
        // Forty children at once: each start time came from the clock around its spawn, or from /proc when
        // the spawn straddled a tick; either way it must be the kernel's, or adoption after a warden restart breaks.
        var children = Enumerable.Range(0, 40).Select(_ => _scope.StartShell("exec sleep 30")).ToList();

        foreach (var child in children)
        {
            child.StartTime.Should().Be(ProcessInfo.ReadStartTime(child.Pid), "pid {0} is the one /proc describes", child.Pid);
        }
    }

    [Fact]
    public void A_window_within_one_tick_names_that_tick_and_one_across_a_tick_names_none()
    {
        var tick = SpawnWindow.NanosecondsPerTick;
        tick.Should().BeGreaterThan(0, "USER_HZ divides a second");
        new SpawnWindow((5 * tick) + 10, (5 * tick) + 900).StartTime.Should().Be(5UL);
        new SpawnWindow((6 * tick) - 10, (6 * tick) + 10).StartTime.Should().BeNull("the child may carry either tick");
        new SpawnWindow(5 * tick, 0).StartTime.Should().BeNull("the spawn has not returned");
    }

    [Fact]
    public void The_boot_clock_is_read_before_and_after_in_order()
    {
        var window = SpawnWindow.Open().Close();

        window.AfterNanoseconds.Should().BeGreaterThanOrEqualTo(window.BeforeNanoseconds);
        window.BeforeNanoseconds.Should().BeGreaterThan(0, "CLOCK_BOOTTIME is readable");
    }
}
