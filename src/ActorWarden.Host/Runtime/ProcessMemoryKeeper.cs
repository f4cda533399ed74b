using Microsoft.Extensions.Hosting;

namespace ActorWarden.Host.Runtime;

/// <summary>
/// Keeps the warden's memory near what it uses: collects generation 0 once <see cref="Budget"/> bytes were
/// allocated since the last collection, and after each collection gives the C allocator's free memory
/// back to the OS.
/// </summary>
/// <remarks>
/// The workstation GC sizes its young-generation budget from the L3 cache, and a VM may report a huge
/// one: 300 MiB on the benchmark machine, which let a warden with 3 MB of live objects grow by 7 MB with
/// each 20 s log flood before the runtime's first gen0 collection. The runtime's own cap
/// (<c>DOTNET_GCgen0size</c>) is an environment variable only; runtimeconfig.json cannot set it, and a
/// supervisor must not depend on how it was started. A gen0 collection of this heap takes well under a
/// millisecond; under churn the runtime's own budget still decides most of them.
/// </remarks>
internal sealed class ProcessMemoryKeeper : BackgroundService
{
    /// <summary>Bytes allocated since the last gen0 collection after which the warden collects.</summary>
    internal const long Budget = 1L * 1024 * 1024;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly IProcessMemory _memory;

    /// <summary>Ticks on the real clock, not the host's <see cref="TimeProvider"/>: this is housekeeping of the process; it decides nothing.</summary>
    public ProcessMemoryKeeper(IProcessMemory memory) => _memory = memory;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        var watch = new Watch(_memory.Collections, _memory.AllocatedBytes);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                watch = Tick(_memory, watch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// While the runtime collects by itself at every tick (a busy warden: churn, floods), the C allocator
    /// is trimmed only at every this many ticks, and at the first quiet tick after them: malloc_trim walks
    /// every arena, and twice a second it cost 3 % of a core in a farm restarting 3,000 times a second.
    /// </summary>
    internal const int BusyTrimEvery = 10;

    /// <summary>
    /// One check: collects when <see cref="Budget"/> was allocated since the last collection seen, and trims
    /// after its own collection; after one the runtime ran itself (which also restarts the count from this
    /// tick) it trims at every <see cref="BusyTrimEvery"/>th, or at the next quiet tick.
    /// </summary>
    internal static Watch Tick(IProcessMemory memory, Watch last)
    {
        var collections = memory.Collections;
        var allocated = memory.AllocatedBytes;
        if (collections == last.Collections)
        {
            if (allocated - last.AllocatedBytes < Budget)
            {
                if (last.SkippedTrims == 0)
                {
                    return last;
                }

                memory.ReturnFreeNativeMemory();
                return last with { SkippedTrims = 0 };
            }

            memory.Collect();
            memory.ReturnFreeNativeMemory();
            return new Watch(memory.Collections, allocated);
        }

        if (last.SkippedTrims + 1 < BusyTrimEvery)
        {
            return new Watch(collections, allocated, last.SkippedTrims + 1);
        }

        memory.ReturnFreeNativeMemory();
        return new Watch(collections, allocated);
    }

    /// <summary>
    /// The gen0 collection count and the bytes allocated when the count was last seen to change, and how
    /// many of the runtime's own collections since the last trim went untrimmed.
    /// </summary>
    internal readonly record struct Watch(int Collections, long AllocatedBytes, int SkippedTrims = 0);
}
