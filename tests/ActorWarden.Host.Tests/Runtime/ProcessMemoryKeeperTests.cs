using ActorWarden.Host.Runtime;

namespace ActorWarden.Host.Tests.Runtime;

public sealed class ProcessMemoryKeeperTests
{
    private const long Budget = ProcessMemoryKeeper.Budget;

    [Fact]
    public void Below_the_budget_nothing_is_collected_or_trimmed()
    {
        var memory = new FakeMemory { Allocated = 1_000 };
        var watch = new ProcessMemoryKeeper.Watch(0, 1_000);
        memory.Allocated += Budget - 1;

        ProcessMemoryKeeper.Tick(memory, watch).Should().Be(watch);
        memory.Collected.Should().Be(0);
        memory.Trimmed.Should().Be(0);
    }

    [Fact]
    public void At_the_budget_generation_zero_is_collected_then_trimmed_and_the_count_restarts()
    {
        var memory = new FakeMemory();
        var watch = new ProcessMemoryKeeper.Watch(0, 0);
        memory.Allocated = Budget;

        watch = ProcessMemoryKeeper.Tick(memory, watch);

        memory.Collected.Should().Be(1);
        memory.Trimmed.Should().Be(1);
        memory.TrimmedAfterCollecting.Should().BeTrue();
        watch.Should().Be(new ProcessMemoryKeeper.Watch(1, Budget));
        memory.Allocated += Budget / 2;
        ProcessMemoryKeeper.Tick(memory, watch);
        memory.Collected.Should().Be(1, "half a budget since the last collection");
    }

    [Fact]
    public void A_collection_the_runtime_ran_itself_restarts_the_count_without_another_and_is_trimmed_at_the_next_quiet_tick()
    {
        var memory = new FakeMemory();
        var watch = new ProcessMemoryKeeper.Watch(0, 0);
        memory.Allocated = 3 * Budget;
        memory.Collections = 2;

        watch = ProcessMemoryKeeper.Tick(memory, watch);

        memory.Collected.Should().Be(0);
        memory.Trimmed.Should().Be(0, "the runtime may be collecting at every tick");
        watch.Should().Be(new ProcessMemoryKeeper.Watch(2, 3 * Budget, SkippedTrims: 1));
        watch = ProcessMemoryKeeper.Tick(memory, watch);
        memory.Trimmed.Should().Be(1, "nothing was collected since: the warden is quiet again");
        watch.Should().Be(new ProcessMemoryKeeper.Watch(2, 3 * Budget));
        ProcessMemoryKeeper.Tick(memory, watch);
        memory.Trimmed.Should().Be(1);
    }

    [Fact]
    public void While_the_runtime_collects_at_every_tick_the_allocator_is_trimmed_once_per_busy_stretch()
    {
        var memory = new FakeMemory();
        var watch = new ProcessMemoryKeeper.Watch(0, 0);

        for (var tick = 0; tick < 3 * ProcessMemoryKeeper.BusyTrimEvery; tick++)
        {
            memory.Collections++;
            memory.Allocated += Budget / 2;
            watch = ProcessMemoryKeeper.Tick(memory, watch);
        }

        memory.Collected.Should().Be(0);
        memory.Trimmed.Should().Be(3);
    }

    private sealed class FakeMemory : IProcessMemory
    {
        public int Collections { get; set; }

        public long Allocated { get; set; }

        public int Collected { get; private set; }

        public int Trimmed { get; private set; }

        public bool TrimmedAfterCollecting { get; private set; }

        long IProcessMemory.AllocatedBytes => Allocated;

        public void Collect()
        {
            Collected++;
            Collections++;
        }

        public void ReturnFreeNativeMemory()
        {
            Trimmed++;
            TrimmedAfterCollecting = Collected > 0;
        }
    }
}
