using Microsoft.Extensions.Hosting;

namespace ActorWarden.Host.Runtime;

/// <summary>
/// Collects generation 0 once <see cref="Budget"/> bytes were allocated since the last collection, so a
/// warden's memory stays near its live heap (a few MB) instead of growing by whatever it allocated.
/// </summary>
/// <remarks>
/// The workstation GC sizes its young-generation budget from the L3 cache, and a VM may report a huge
/// one: 300 MiB here, which let a warden with 3 MB of live objects grow by 7 MB per 20 s log flood and by
/// tens of MB in a restart storm before the first gen0 collection. The runtime's own cap
/// (<c>DOTNET_GCgen0size</c>) is an environment variable only; runtimeconfig.json cannot set it, and a
/// supervisor must not depend on how it was started. A gen0 collection of this heap takes well under a
/// millisecond, and under churn the runtime's own budget still decides most of them.
/// </remarks>
internal sealed class YoungGenerationCap : BackgroundService
{
    /// <summary>Bytes allocated since the last gen0 collection after which the warden collects.</summary>
    internal const long Budget = 4L * 1024 * 1024;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly IGenerationZero _heap;

    /// <summary>Ticks on the real clock, not the host's <see cref="TimeProvider"/>: this paces housekeeping of the process, it decides nothing.</summary>
    public YoungGenerationCap(IGenerationZero heap) => _heap = heap;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        var watch = new Watch(_heap.Collections, _heap.AllocatedBytes);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                watch = Tick(_heap, watch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// One check: collects when <see cref="Budget"/> was allocated since the last collection seen. A
    /// collection the runtime ran on its own restarts the count from its tick.
    /// </summary>
    internal static Watch Tick(IGenerationZero heap, Watch last)
    {
        var collections = heap.Collections;
        var allocated = heap.AllocatedBytes;
        if (collections != last.Collections)
        {
            return new Watch(collections, allocated);
        }

        if (allocated - last.AllocatedBytes < Budget)
        {
            return last;
        }

        heap.Collect();
        return new Watch(heap.Collections, allocated);
    }

    /// <summary>The gen0 collection count and the bytes allocated when the count was last seen to change.</summary>
    internal readonly record struct Watch(int Collections, long AllocatedBytes);
}
