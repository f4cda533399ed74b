namespace ActorWarden.ControlPlane.Logs;

/// <summary>
/// Finds the last N lines of a log file by reading backwards from the end in blocks, like tail(1):
/// cost depends on N, not on the size of the file, and a bounded scan keeps one enormous line from
/// turning a tail request into a full read.
/// </summary>
internal static class LogTailReader
{
    private const int BlockSize = 64 * 1024;

    /// <summary>Upper bound of bytes scanned backwards for one request.</summary>
    public const long MaxScanBytes = 16L * 1024 * 1024;

    /// <summary>Returns the offset where the last <paramref name="lines"/> lines start and the file length seen.</summary>
    public static async Task<(long Start, long End)> FindTailAsync(FileStream file, int lines, CancellationToken cancellationToken)
    {
        var end = file.Length;
        if (lines <= 0 || end == 0)
        {
            return (end, end);
        }

        var buffer = new byte[BlockSize];
        var position = end;
        var newlines = 0;
        var skipTrailing = true;
        var floor = Math.Max(0, end - MaxScanBytes);
        while (position > floor)
        {
            var size = (int)Math.Min(BlockSize, position - floor);
            position -= size;
            file.Seek(position, SeekOrigin.Begin);
            await file.ReadExactlyAsync(buffer.AsMemory(0, size), cancellationToken);
            for (var i = size - 1; i >= 0; i--)
            {
                if (buffer[i] != (byte)'\n')
                {
                    skipTrailing = false;
                    continue;
                }

                if (skipTrailing)
                {
                    // The newline that terminates the last line does not start another one.
                    skipTrailing = false;
                    continue;
                }

                newlines++;
                if (newlines == lines)
                {
                    return (position + i + 1, end);
                }
            }
        }

        return (floor, end);
    }

    /// <summary>Opens the log for reading while the writer keeps appending and rotating it; null when it does not exist (yet, or any more).</summary>
    public static FileStream? TryOpenShared(string path)
    {
        try
        {
            return new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                Options = FileOptions.Asynchronous,
            });
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
