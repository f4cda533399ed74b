using ActorWarden.Host.Runtime;

namespace ActorWarden.Host.Tests.Runtime;

public sealed class YoungGenerationCapTests
{
    private const long Budget = YoungGenerationCap.Budget;

    [Fact]
    public void Below_the_budget_nothing_is_collected()
    {
        var heap = new FakeHeap { Allocated = 1_000 };
        var watch = new YoungGenerationCap.Watch(0, 1_000);
        heap.Allocated += Budget - 1;

        YoungGenerationCap.Tick(heap, watch).Should().Be(watch);
        heap.Collected.Should().Be(0);
    }

    [Fact]
    public void At_the_budget_generation_zero_is_collected_and_the_count_restarts()
    {
        var heap = new FakeHeap();
        var watch = new YoungGenerationCap.Watch(0, 0);
        heap.Allocated = Budget;

        watch = YoungGenerationCap.Tick(heap, watch);

        heap.Collected.Should().Be(1);
        watch.Should().Be(new YoungGenerationCap.Watch(1, Budget));
        heap.Allocated += Budget / 2;
        YoungGenerationCap.Tick(heap, watch);
        heap.Collected.Should().Be(1, "half a budget since the last collection");
    }

    [Fact]
    public void A_collection_the_runtime_ran_itself_restarts_the_count_without_another()
    {
        var heap = new FakeHeap();
        var watch = new YoungGenerationCap.Watch(0, 0);
        heap.Allocated = 3 * Budget;
        heap.Collections = 2;

        watch = YoungGenerationCap.Tick(heap, watch);

        heap.Collected.Should().Be(0);
        watch.Should().Be(new YoungGenerationCap.Watch(2, 3 * Budget));
    }

    private sealed class FakeHeap : IGenerationZero
    {
        public int Collections { get; set; }

        public long Allocated { get; set; }

        public int Collected { get; private set; }

        long IGenerationZero.AllocatedBytes => Allocated;

        public void Collect()
        {
            Collected++;
            Collections++;
        }
    }
}
