namespace ActorWarden.Host.Runtime;

/// <summary>The process's memory as <see cref="ProcessMemoryKeeper"/> sees it; an interface so its rule is tested without the GC.</summary>
internal interface IProcessMemory
{
    /// <summary>Generation 0 collections so far.</summary>
    int Collections { get; }

    /// <summary>Bytes the managed heap has handed out so far.</summary>
    long AllocatedBytes { get; }

    /// <summary>Collects generation 0.</summary>
    void Collect();

    /// <summary>Gives the C allocator's free memory back to the OS.</summary>
    void ReturnFreeNativeMemory();
}
