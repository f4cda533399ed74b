using System.Runtime.CompilerServices;

namespace ActorWarden.TestHost;

/// <summary>
/// The test host keeps two thread-pool threads blocked for the whole run: vstest's message loop polls
/// its socket on one, and xunit's runner waits for the assembly on another. The pool's minimum is one
/// thread per core, so on a 2-core machine both were taken, and once hill climbing brought the pool
/// back to its minimum, every work item of the code under test (an actor's mailbox, a timer's tell)
/// waited for the starvation detector to add a thread: 0.6-0.9 s stalls, measured with a probe and
/// the pool's own counts (processing 2, goal 2, all other workers parked). A warden run alone has
/// no such threads; the tests reserve two more so the code under test sees the pool it would.
/// </summary>
internal static class ThreadPoolReserve
{
    /// <summary>The test host's own blocked threads (vstest's socket loop, xunit's assembly wait).</summary>
    private const int HostBlockedThreads = 2;

    [ModuleInitializer]
    internal static void Reserve()
    {
        ThreadPool.GetMinThreads(out _, out var completionPorts);
        ThreadPool.SetMinThreads(Environment.ProcessorCount + HostBlockedThreads, completionPorts);
    }
}
