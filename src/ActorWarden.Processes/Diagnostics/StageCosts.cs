using System.Collections.Immutable;
using ActorWarden.Processes.Linux;

namespace ActorWarden.Processes.Diagnostics;

/// <summary>
/// Where the warden's own CPU time and allocations go, split by stage (the exit watcher, an actor's
/// mailbox, a spawn, the event bus…), so that a cut to the cost of a restart shows where it landed.
/// Off by default (<c>warden.diagnostics.stage-costs</c>): then a scope is one static read. On, a scope
/// reads the thread's CPU clock and allocation counter at its edges, and the time between two edges
/// goes to the innermost open scope only, so nested stages never count twice. What runs outside every
/// scope (the thread pool's own dispatch and parking, the runtime's threads, the kernel's wake-ups
/// between threads) is the process's CPU minus the sum, which a reader computes from /proc.
/// </summary>
/// <remarks>
/// A process-wide meter, like the runtime's own counters: every thread adds to it with an interlocked
/// add, and the only state a thread keeps is its own stack of open scopes.
/// </remarks>
public static class StageCosts
{
    /// <summary>Stages a process can register; more names map to the last one.</summary>
    public const int Capacity = 64;

    private const int OtherIndex = Capacity - 1;

    private static readonly string[] Names = new string[Capacity];
    private static readonly long[] Cpu = new long[Capacity];
    private static readonly long[] Allocated = new long[Capacity];
    private static readonly long[] Entries = new long[Capacity];
    private static ImmutableDictionary<string, Stage> _byName = ImmutableDictionary<string, Stage>.Empty.WithComparers(StringComparer.Ordinal);
    private static int _registered;
    private static volatile bool _enabled;

    [ThreadStatic]
    private static OpenScopes? _open;

    static StageCosts() => Names[OtherIndex] = "other";

    /// <summary>Whether scopes measure. Read on every scope, so it is a plain volatile field.</summary>
    public static bool Enabled => _enabled;

    /// <summary>
    /// Starts measuring, from now on. Only Linux has a per-thread CPU clock cheap enough to read at
    /// every edge; elsewhere this returns false and nothing is measured.
    /// </summary>
    public static bool Enable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        _enabled = true;
        return true;
    }

    /// <summary>Stops measuring; totals so far are kept. Scopes open now close without charging.</summary>
    public static void Disable() => _enabled = false;

    /// <summary>The stage called <paramref name="name"/>, registered on first use; the same name gives the same stage.</summary>
    public static Stage Register(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return ImmutableInterlocked.GetOrAdd(ref _byName, name, static n =>
        {
            var index = Interlocked.Increment(ref _registered) - 1;
            if (index >= OtherIndex)
            {
                return new Stage(OtherIndex);
            }

            Volatile.Write(ref Names[index], n);
            return new Stage(index);
        });
    }

    /// <summary>
    /// Opens <paramref name="stage"/> on this thread until the returned scope is disposed; the scope
    /// that was open pauses meanwhile. Dispose it on the same thread (a <c>using</c> with no await inside).
    /// </summary>
    public static StageScope Enter(Stage stage)
    {
        if (!_enabled)
        {
            return default;
        }

        var open = _open ??= new OpenScopes();
        var cpu = ThreadCpuNanoseconds();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        if (open.Depth > 0)
        {
            Charge(open.Current, cpu - open.SinceCpu, allocated - open.SinceAllocated);
        }

        if (open.Depth == open.Stack.Length)
        {
            Array.Resize(ref open.Stack, open.Stack.Length * 2);
        }

        open.Stack[open.Depth++] = open.Current;
        open.Current = stage.Index;
        open.SinceCpu = cpu;
        open.SinceAllocated = allocated;
        Interlocked.Increment(ref Entries[stage.Index]);
        return new StageScope(open);
    }

    /// <summary>What every registered stage has cost so far, in registration order.</summary>
    public static IReadOnlyList<StageTotal> Snapshot()
    {
        var count = Math.Min(Volatile.Read(ref _registered), OtherIndex);
        var byName = Volatile.Read(ref _byName);
        var totals = new List<StageTotal>(count + 1);
        for (var i = 0; i < count; i++)
        {
            // Two threads registering one name at once may both take a slot; only the one the name maps to is its stage.
            if (Volatile.Read(ref Names[i]) is { } name && byName.TryGetValue(name, out var stage) && stage.Index == i)
            {
                totals.Add(new StageTotal(name, Interlocked.Read(ref Cpu[i]), Interlocked.Read(ref Allocated[i]), Interlocked.Read(ref Entries[i])));
            }
        }

        if (Interlocked.Read(ref Entries[OtherIndex]) > 0)
        {
            totals.Add(new StageTotal(Names[OtherIndex], Interlocked.Read(ref Cpu[OtherIndex]), Interlocked.Read(ref Allocated[OtherIndex]), Interlocked.Read(ref Entries[OtherIndex])));
        }

        return totals;
    }

    internal static void Leave(OpenScopes open)
    {
        if (open.Depth == 0)
        {
            return;
        }

        if (_enabled)
        {
            var cpu = ThreadCpuNanoseconds();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            Charge(open.Current, cpu - open.SinceCpu, allocated - open.SinceAllocated);
            open.SinceCpu = cpu;
            open.SinceAllocated = allocated;
        }

        open.Current = open.Stack[--open.Depth];
    }

    private static void Charge(int stage, long cpu, long allocated)
    {
        if (stage < 0)
        {
            return;
        }

        Interlocked.Add(ref Cpu[stage], cpu);
        Interlocked.Add(ref Allocated[stage], allocated);
    }

    private static unsafe long ThreadCpuNanoseconds()
    {
        LibC.Timespec time;
        return LibC.ClockGettime(LibC.CLOCK_THREAD_CPUTIME_ID, &time) == 0 ? (time.Seconds * 1_000_000_000L) + time.Nanoseconds : 0;
    }

    /// <summary>The scopes open on one thread: the innermost one is charged, the others wait on the stack.</summary>
    internal sealed class OpenScopes
    {
        public int[] Stack = new int[8];
        public int Depth;
        public int Current = -1;
        public long SinceCpu;
        public long SinceAllocated;
    }
}
