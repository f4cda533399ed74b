using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace ActorWarden.Processes.Linux.Cgroups;

/// <summary>
/// Reads and writes cgroupfs control files. Writes go through open/write/close so that the kernel's
/// errno (EBUSY, EINVAL, EACCES) reaches the message unchanged; managed file streams add locking
/// and seeking that control files do not need.
/// </summary>
internal static class CgroupFs
{
    /// <summary>Writes <paramref name="value"/> in one write(2).</summary>
    /// <exception cref="CgroupException">The write failed; the message names the file, the value and the reason.</exception>
    public static void Write(string path, string value)
    {
        var errno = TryWrite(path, value);
        if (errno != 0)
        {
            throw new CgroupException($"cannot write '{value}' to {path}: {LibC.Describe(errno)}", errno);
        }
    }

    /// <summary>As <see cref="Write"/>, returning the errno (0 on success) instead of throwing.</summary>
    public static unsafe int TryWrite(string path, string value)
    {
        var fd = LibC.Open(path, LibC.O_WRONLY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        try
        {
            var bytes = Encoding.ASCII.GetBytes(value);
            fixed (byte* pointer = bytes)
            {
                return LibC.Write(fd, pointer, (nuint)bytes.Length) < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    /// <summary>The file's text, or null when it (or its group) does not exist.</summary>
    public static string? TryRead(string path)
    {
        // Read at every exit of every instance (cgroup.events, cpu.stat): open/read/close into the
        // stack, three syscalls, where a .NET file handle adds an fstat and two flock calls, and a
        // group that is already gone costs an errno rather than an exception.
        var fd = LibC.Open(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            return null;
        }

        try
        {
            Span<byte> buffer = stackalloc byte[4096];
            var length = ProcFs.Fill(fd, buffer);
            if (length < 0)
            {
                return null;
            }

            return length < buffer.Length ? Encoding.ASCII.GetString(buffer[..length]) : ReadLarge(path);
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    /// <summary>A control file longer than a page (cgroup.procs of a big tree).</summary>
    private static string? ReadLarge(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The pids in <c>cgroup.procs</c> (zombies are not listed); empty when the group is gone.</summary>
    public static List<int> ReadProcs(string directory)
    {
        var pids = new List<int>();
        foreach (var line in (TryRead(Path.Combine(directory, "cgroup.procs")) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                pids.Add(pid);
            }
        }

        return pids;
    }

    /// <summary>A single number file such as memory.current; null when absent or "max".</summary>
    public static long? ReadNumber(string path) =>
        long.TryParse(TryRead(path)?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The value of <paramref name="key"/> in a flat keyed file such as cpu.stat or memory.events.</summary>
    public static long? ReadKeyed(string path, ReadOnlySpan<byte> key)
    {
        Span<byte> buffer = stackalloc byte[4096];
        var length = ProcFs.ReadSmall(path, buffer);
        return length < 0 ? null : FindKeyed(buffer[..length], key);
    }

    /// <summary>The value of <paramref name="key"/> in the text of a flat keyed file already read; null when it is not there.</summary>
    public static long? FindKeyed(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key)
    {
        foreach (var range in text.Split((byte)'\n'))
        {
            var line = text[range];
            if (line.Length > key.Length && line[key.Length] == (byte)' ' && line.StartsWith(key)
                && long.TryParse(line[(key.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>rmdir(2) of a group; false while it still has members or children (EBUSY), true once it is gone.</summary>
    public static bool TryRemove(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: false);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}

/// <summary>A control-group operation failed; <see cref="Errno"/> is the kernel's reason.</summary>
internal sealed class CgroupException(string message, int errno) : Exception(message)
{
    public int Errno { get; } = errno;
}
