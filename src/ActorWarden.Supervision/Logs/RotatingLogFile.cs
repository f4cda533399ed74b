using System.Buffers;
using ActorWarden.Processes;
using Microsoft.Win32.SafeHandles;

namespace ActorWarden.Supervision.Logs;

/// <summary>
/// An append-only file that rotates by size while it is written: when the next line would push it past
/// <c>maxSize</c> (it is filled to the last whole line that fits), <c>name</c> becomes <c>name.1</c>, <c>name.1</c> becomes <c>name.2</c> ... and the
/// oldest beyond <c>keep</c> is removed (supervisord's and logrotate's numbering, newest = 1). The
/// folder is created on first use. Not thread-safe: one writer task owns it. Failures surface as
/// <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> for the owner to handle.
/// </summary>
/// <remarks>
/// Written through a handle at explicit offsets, not a <see cref="FileStream"/>: blocks are written as they
/// are (no buffer of its own, so a failed write fails for the block that was lost), and the same offset is
/// where <see cref="SpliceFrom"/> lets the kernel move a pipe's bytes in without copying them.
/// </remarks>
internal sealed class RotatingLogFile : IDisposable
{

    private readonly long _maxSize;
    private readonly int _keep;
    /// <summary>The rotated generations' paths, index 1 = newest: a flood rotates hundreds of times a second.</summary>
    private readonly string[] _rotated;
    private SafeFileHandle? _handle;
    /// <summary>Set instead of offsets when the path is not a regular file (a FIFO, a device), which cannot be written at an offset.</summary>
    private FileStream? _unseekable;
    /// <summary>A read handle on the same file, opened once something was spliced into it, to look at the last byte moved.</summary>
    private SafeFileHandle? _tail;
    private long _size;
    /// <summary>Whether <see cref="_size"/> is the current file's size (it is open, or has just been rotated away).</summary>
    private bool _sizeKnown;

    public RotatingLogFile(string path, long maxSize, int keep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        Path = path;
        _maxSize = maxSize;
        _keep = keep;
        _rotated = new string[keep + 1];
        for (var generation = 1; generation <= keep; generation++)
        {
            _rotated[generation] = LogFiles.RotatedPath(path, generation);
        }
    }

    public string Path { get; }

    /// <summary>
    /// Appends a block of output as it is, rotating where it must: a file is filled up to the last whole
    /// line that fits in <c>maxSize</c>, and the next line starts the next file. Only a single line
    /// longer than <c>maxSize</c> is cut, at exactly <c>maxSize</c>, so no file ever exceeds the limit.
    /// </summary>
    public void Write(ReadOnlySpan<byte> block)
    {
        while (!block.IsEmpty)
        {
            var handle = _handle ?? Open();
            var room = _maxSize - _size;
            if (block.Length <= room)
            {
                WriteAt(handle, block);
                _size += block.Length;
                return;
            }

            var fits = room <= 0 ? 0 : block[..(int)room].LastIndexOf((byte)'\n') + 1;
            if (fits == 0 && _size == 0)
            {
                fits = (int)room;
            }

            WriteAt(handle, block[..fits]);
            _size += fits;
            block = block[fits..];
            Rotate();
        }
    }

    /// <summary>Appends <paramref name="line"/> and a newline, as one block.</summary>
    public void WriteLine(ReadOnlySpan<byte> line)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(line.Length + 1);
        try
        {
            line.CopyTo(bytes);
            bytes[line.Length] = (byte)'\n';
            Write(bytes.AsSpan(0, line.Length + 1));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>Bytes that still fit in the current file as far as known without touching it; 0 when unknown (not opened yet, or closed after a failure).</summary>
    public long KnownRoom => _sizeKnown ? _maxSize - _size : 0;

    /// <summary>
    /// Lets the kernel move up to <paramref name="count"/> bytes from <paramref name="pipe"/> to the end of the
    /// file. The caller keeps <paramref name="count"/> within <see cref="KnownRoom"/>, minus what it needs to end
    /// the last line it moves before the file rotates: spliced bytes are not looked at, so they never rotate.
    /// </summary>
    /// <returns>As <see cref="ISplicePipe.SpliceTo"/>; <paramref name="endsLine"/> tells whether the last byte moved is a newline.</returns>
    public long SpliceFrom(ISplicePipe pipe, long count, out bool endsLine)
    {
        var handle = _handle ?? Open();
        endsLine = true;
        if (_unseekable is not null)
        {
            throw new NotSupportedException($"{Path} is not a regular file.");
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _maxSize - _size);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);

        var moved = pipe.SpliceTo(handle, _size, count);
        if (moved <= 0)
        {
            return moved;
        }

        _size += moved;
        _tail ??= File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> last = stackalloc byte[1];
        endsLine = RandomAccess.Read(_tail, last, _size - 1) == 1 && last[0] == (byte)'\n';
        return moved;
    }

    /// <summary>Closes the handle (after a failure, so the next write reopens from scratch).</summary>
    public void Close()
    {
        var handle = _handle;
        var unseekable = _unseekable;
        _handle = null;
        _unseekable = null;
        _sizeKnown = false;
        _tail?.Dispose();
        _tail = null;
        unseekable?.Dispose();
        handle?.Dispose();
    }

    public void Dispose() => Close();

    private void WriteAt(SafeFileHandle handle, ReadOnlySpan<byte> bytes)
    {
        if (_unseekable is { } stream)
        {
            stream.Write(bytes);
            return;
        }

        RandomAccess.Write(handle, bytes, _size);
    }

    /// <summary>Opens for appending at the current end (write only: a FIFO in place of the file blocks here until it is read, as a stuck disk would).</summary>
    private SafeFileHandle Open()
    {
        SafeFileHandle handle;
        try
        {
            handle = OpenHandle();
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or FileNotFoundException)
        {
            // Made on first use, and again if it was removed; not on every open, which a flood does at each rotation.
            // A create can only miss the folder; .NET says "file not found" when the folder appeared between the
            // failed open and its look at the folder: the instances of a service open their files together, and
            // one of them making the folder cost another its first line.
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            handle = OpenHandle();
        }

        try
        {
            _size = RandomAccess.GetLength(handle);
        }
        catch (NotSupportedException)
        {
            // Not a regular file (a FIFO, a device): it is written as a stream, and its size counts what was written.
            _size = 0;
            _unseekable = new FileStream(handle, FileAccess.Write, bufferSize: 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        _handle = handle;
        _sizeKnown = true;
        return handle;
    }

    private SafeFileHandle OpenHandle() =>
        File.OpenHandle(Path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);

    private void Rotate()
    {
        Close();
        if (_keep == 0)
        {
            File.Delete(Path);
            Rotated();
            return;
        }

        File.Delete(_rotated[_keep]);
        for (var generation = _keep - 1; generation >= 1; generation--)
        {
            var from = _rotated[generation];
            if (File.Exists(from))
            {
                File.Move(from, _rotated[generation + 1], overwrite: true);
            }
        }

        File.Move(Path, _rotated[1], overwrite: true);
        Rotated();
    }

    /// <summary>The next file starts empty (it is opened by the next write).</summary>
    private void Rotated()
    {
        _size = 0;
        _sizeKnown = true;
    }
}
