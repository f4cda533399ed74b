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
    /// One check: collects when <see cref="Budget"/> was allocated since the last collection seen, and trims
    /// after any collection, its own or the runtime's (which also restarts the count from this tick).
    /// </summary>
    internal static Watch Tick(IProcessMemory memory, Watch last)
    {
        var collections = memory.Collections;
        var allocated = memory.AllocatedBytes;
        if (collections == last.Collections)
        {
            if (allocated - last.AllocatedBytes < Budget)
            {
                return last;
            }

            memory.Collect();
            collections = memory.Collections;
        }

        memory.ReturnFreeNativeMemory();
        return new Watch(collections, allocated);
    }

    /// <summary>The gen0 collection count and the bytes allocated when the count was last seen to change.</summary>
    internal readonly record struct Watch(int Collections, long AllocatedBytes);
}
