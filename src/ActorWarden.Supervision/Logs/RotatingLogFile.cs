namespace ActorWarden.Supervision.Logs;

/// <summary>
/// An append-only file that rotates by size while it is written: when the next line would push it past
/// <c>maxSize</c>, <c>name</c> becomes <c>name.1</c>, <c>name.1</c> becomes <c>name.2</c> ... and the
/// oldest beyond <c>keep</c> is removed (supervisord's and logrotate's numbering, newest = 1). The
/// folder is created on first use. Not thread-safe: one writer task owns it. Failures surface as
/// <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> for the owner to handle.
/// </summary>
internal sealed class RotatingLogFile : IDisposable
{
    private const int WriteBufferBytes = 64 * 1024;
    private static readonly byte[] Newline = "\n"u8.ToArray();

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

    /// <summary>Appends <paramref name="line"/> and a newline, rotating first when the file would outgrow its limit.</summary>
    public void WriteLine(ReadOnlySpan<byte> line)
    {
        var stream = _stream ?? Open();
        var length = line.Length + 1;
        if (_size > 0 && _size + length > _maxSize)
        {
            Rotate();
            stream = Open();
        }

        stream.Write(line);
        stream.Write(Newline);
        _size += length;
    }

    /// <summary>Pushes buffered bytes to the OS so readers (<c>warden logs -f</c>) see them.</summary>
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

        var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, WriteBufferBytes);
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
