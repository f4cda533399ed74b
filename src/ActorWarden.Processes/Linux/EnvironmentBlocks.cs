using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Text;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// The native envp of an environment that cannot change (a <see cref="FrozenDictionary{TKey, TValue}"/>,
/// as launch plans build them), kept from one start to the next with only the tree marker rewritten in
/// place: encoding dozens of variables cost about 3 µs of every restart, on the way from an exit to the
/// next exec. Any other dictionary is encoded for each start, as a caller may change it in between.
/// </summary>
internal static unsafe class EnvironmentBlocks
{
    private static readonly ConditionalWeakTable<object, Kept> Blocks = new();

    /// <summary>The envp for one start: <paramref name="variables"/> and the tree marker; dispose it once the child has executed.</summary>
    /// <exception cref="ArgumentException">A name is empty or holds '=' or NUL, or a value holds NUL.</exception>
    public static Lease Rent(IReadOnlyDictionary<string, string> variables, string marker)
    {
        if (variables is not FrozenDictionary<string, string> frozen || Encoding.UTF8.GetByteCount(marker) != marker.Length)
        {
            return new Lease(Build(variables, marker), null);
        }

        if (Blocks.TryGetValue(frozen, out var kept) && kept.MarkerLength == marker.Length && Interlocked.Exchange(ref kept.Rented, 1) == 0)
        {
            Encoding.ASCII.GetBytes(marker, new Span<byte>(kept.Array.LastValue, marker.Length));
            return new Lease(kept.Array, kept);
        }

        var built = Build(variables, marker);
        if (kept is null)
        {
            var fresh = new Kept(built, marker.Length) { Rented = 1 };
            if (Blocks.TryAdd(frozen, fresh))
            {
                return new Lease(built, fresh);
            }

            GC.SuppressFinalize(fresh);
        }

        // Another start of the same environment holds the kept block (or kept one just now): this one is its own.
        return new Lease(built, null);
    }

    private static NativeStringArray Build(IReadOnlyDictionary<string, string> variables, string marker) =>
        NativeStringArray.OfEnvironment(variables, ProcessInfo.TreeMarkerVariable, (ProcessInfo.TreeMarkerVariable, marker));

    /// <summary>An envp in use by one start.</summary>
    internal readonly struct Lease(NativeStringArray array, Kept? kept) : IDisposable
    {
        public NativeStringArray Array { get; } = array;

        public void Dispose()
        {
            if (kept is null)
            {
                Array.Dispose();
            }
            else
            {
                Volatile.Write(ref kept.Rented, 0);
            }
        }
    }

    /// <summary>The block kept for one environment, freed when the environment is collected.</summary>
    internal sealed class Kept(NativeStringArray array, int markerLength)
    {
        public int Rented;

        public NativeStringArray Array { get; } = array;

        public int MarkerLength { get; } = markerLength;

        ~Kept() => Array.Dispose();
    }
}
