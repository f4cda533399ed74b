using System.Runtime.InteropServices;
using System.Text;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// A NULL-terminated array of UTF-8 C strings (argv/envp) in one block of native memory, freed on
/// dispose. One allocation for the table and every string: a restart builds an environment of dozens
/// of variables, and a block per string (and a managed "name=value" string before it) was measurable
/// on the path from an exit to the next exec.
/// </summary>
internal sealed unsafe class NativeStringArray : IDisposable
{
    private NativeStringArray(int count, int bytes)
    {
        Pointer = (IntPtr)NativeMemory.Alloc((nuint)((IntPtr.Size * (count + 1)) + bytes));
        Table = (byte**)Pointer;
        Table[count] = null;
        Next = (byte*)(Table + count + 1);
        End = Next + bytes;
    }

    public IntPtr Pointer { get; private set; }

    private byte** Table { get; }

    private byte* Next { get; set; }

    private byte* End { get; }

    /// <summary>Where the value of the last entry of an environment starts (see <see cref="EnvironmentBlocks"/>).</summary>
    public byte* LastValue { get; private set; }

    /// <summary>argv: the strings as they are.</summary>
    /// <exception cref="ArgumentException">A string holds a NUL character.</exception>
    public static NativeStringArray Of(IReadOnlyList<string> values)
    {
        var bytes = 0;
        foreach (var value in values)
        {
            RefuseNul(value);
            bytes += Encoding.UTF8.GetByteCount(value) + 1;
        }

        var array = new NativeStringArray(values.Count, bytes);
        for (var i = 0; i < values.Count; i++)
        {
            array.Add(i, values[i], null);
        }

        return array;
    }

    /// <summary>envp: <c>name=value</c> for each variable, <paramref name="skip"/> left out, then <paramref name="last"/>'s pair.</summary>
    /// <exception cref="ArgumentException">A name is empty or holds '=' or NUL, or a value holds NUL.</exception>
    public static NativeStringArray OfEnvironment(IReadOnlyDictionary<string, string> variables, string skip, (string Name, string Value) last)
    {
        var count = 1;
        var bytes = Encoding.UTF8.GetByteCount(last.Name) + Encoding.UTF8.GetByteCount(last.Value) + 2;
        foreach (var (name, value) in variables)
        {
            if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"environment variable name '{name.Replace("\0", "\\0", StringComparison.Ordinal)}' is invalid (empty, or contains '=' or NUL)");
            }

            if (name != skip)
            {
                RefuseNul(value);
                bytes += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value) + 2;
                count++;
            }
        }

        var array = new NativeStringArray(count, bytes);
        var i = 0;
        foreach (var (name, value) in variables)
        {
            if (name != skip)
            {
                array.Add(i++, name, value);
            }
        }

        array.Add(i, last.Name, last.Value);
        array.LastValue = array.End - Encoding.UTF8.GetByteCount(last.Value) - 1;
        return array;
    }

    public void Dispose()
    {
        NativeMemory.Free((void*)Pointer);
        Pointer = IntPtr.Zero;
    }

    /// <summary>Writes entry <paramref name="index"/>: <paramref name="first"/>, or <c>first=second</c>, NUL-terminated.</summary>
    private void Add(int index, string first, string? second)
    {
        Table[index] = Next;
        var at = Next;
        at += Encoding.UTF8.GetBytes(first, new Span<byte>(at, (int)(End - at)));
        if (second is not null)
        {
            *at++ = (byte)'=';
            at += Encoding.UTF8.GetBytes(second, new Span<byte>(at, (int)(End - at)));
        }

        *at++ = 0;
        Next = at;
    }

    private static void RefuseNul(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{value.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL character, which cannot be passed to a process.");
        }
    }
}
