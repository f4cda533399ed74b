namespace ActorWarden.Host.Runtime;

/// <summary>The runtime's young generation as <see cref="YoungGenerationCap"/> sees it; an interface so the rule is tested without the GC.</summary>
internal interface IGenerationZero
{
    int Collections { get; }

    long AllocatedBytes { get; }

    void Collect();
}

/// <summary>The process's own GC.</summary>
internal sealed class RuntimeGenerationZero : IGenerationZero
{
    public int Collections => GC.CollectionCount(0);

    public long AllocatedBytes => GC.GetTotalAllocatedBytes(precise: false);

    public void Collect() => GC.Collect(0);
}
