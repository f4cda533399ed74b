using System.Buffers;

namespace ActorWarden.Supervision.Logs;

/// <summary>
/// An append-only file that rotates by size while it is written: when the next line would push it past
/// <c>maxSize</c> (it is filled to the last whole line that fits), <c>name</c> becomes <c>name.1</c>, <c>name.1</c> becomes <c>name.2</c> ... and the
/// oldest beyond <c>keep</c> is removed (supervisord's and logrotate's numbering, newest = 1). The
/// folder is created on first use. Not thread-safe: one writer task owns it. Failures surface as
/// <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> for the owner to handle.
/// </summary>
internal sealed class RotatingLogFile : IDisposable
{

    private readonly long _maxSize;
    private readonly int _keep;
    private FileStream? _stream;
    private long _size;

    public RotatingLogFile(string path, long maxSize, int keep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        Path = path;
        _maxSize = maxSize;
        _keep = keep;
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
            var stream = _stream ?? Open();
            var room = _maxSize - _size;
            if (block.Length <= room)
            {
                stream.Write(block);
                _size += block.Length;
                return;
            }

            var fits = room <= 0 ? 0 : block[..(int)room].LastIndexOf((byte)'\n') + 1;
            if (fits == 0 && _size == 0)
            {
                fits = (int)room;
            }

            stream.Write(block[..fits]);
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

    /// <summary>
    /// Pushes buffered bytes to the OS. The file is unbuffered (blocks are large, and a failed write must
    /// fail for the block that was lost, not for a later flush), so this only guards the contract.
    /// </summary>
    public void Flush() => _stream?.Flush();

    /// <summary>Closes the handle (after a failure, so the next write reopens from scratch).</summary>
    public void Close()
    {
        var stream = _stream;
        _stream = null;
        if (stream is null)
        {
            return;
        }

        try
        {
            stream.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The buffered bytes could not be written; the owner already counted the failure that led here.
        }
    }

    public void Dispose() => Close();

    private FileStream Open()
    {
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        _size = stream.CanSeek ? stream.Length : 0;
        _stream = stream;
        return stream;
    }

    private void Rotate()
    {
        _stream!.Flush();
        Close();
        if (_keep == 0)
        {
            File.Delete(Path);
            return;
        }

        File.Delete(LogFiles.RotatedPath(Path, _keep));
        for (var generation = _keep - 1; generation >= 1; generation--)
        {
            var from = LogFiles.RotatedPath(Path, generation);
            if (File.Exists(from))
            {
                File.Move(from, LogFiles.RotatedPath(Path, generation + 1), overwrite: true);
            }
        }

        File.Move(Path, LogFiles.RotatedPath(Path, 1), overwrite: true);
    }
}
