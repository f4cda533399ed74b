using System.Runtime.InteropServices;

namespace ActorWarden.Processes.Linux;

/// <summary>A NULL-terminated array of UTF-8 C strings (argv/envp) in native memory, freed on dispose.</summary>
internal sealed class NativeStringArray : IDisposable
{
    private readonly IntPtr[] _strings;

    public NativeStringArray(IReadOnlyList<string> values)
    {
        _strings = new IntPtr[values.Count];
        Pointer = Marshal.AllocHGlobal(IntPtr.Size * (values.Count + 1));
        try
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i].Contains('\0', StringComparison.Ordinal))
                {
                    throw new ArgumentException($"'{values[i].Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL character, which cannot be passed to a process.");
                }

                _strings[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
                Marshal.WriteIntPtr(Pointer, i * IntPtr.Size, _strings[i]);
            }

            Marshal.WriteIntPtr(Pointer, values.Count * IntPtr.Size, IntPtr.Zero);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public IntPtr Pointer { get; }

    public void Dispose()
    {
        foreach (var s in _strings)
        {
            if (s != IntPtr.Zero)
            {
                Marshal.FreeCoTaskMem(s);
            }
        }

        Marshal.FreeHGlobal(Pointer);
    }
}
