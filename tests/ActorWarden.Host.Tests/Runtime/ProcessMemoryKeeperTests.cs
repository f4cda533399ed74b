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
    public void A_collection_the_runtime_ran_itself_is_trimmed_after_and_restarts_the_count_without_another()
    {
        var memory = new FakeMemory();
        var watch = new ProcessMemoryKeeper.Watch(0, 0);
        memory.Allocated = 3 * Budget;
        memory.Collections = 2;

        watch = ProcessMemoryKeeper.Tick(memory, watch);

        memory.Collected.Should().Be(0);
        memory.Trimmed.Should().Be(1);
        watch.Should().Be(new ProcessMemoryKeeper.Watch(2, 3 * Budget));
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
