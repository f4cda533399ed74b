namespace ActorWarden.ControlPlane.Logs;

/// <summary>
/// Streams bytes appended to a log file, like <c>tail -F</c>: the file is reopened by path on every
/// poll so that rotation (a new current file, or a truncated one) is followed from its start, and no
/// handle is held that would keep a rotated file alive or block rotation on Windows.
/// </summary>
internal sealed class LogFollower
{
    private readonly Func<string?> _currentPath;
    private readonly TimeProvider _time;
    private readonly TimeSpan _pollInterval;

    public LogFollower(Func<string?> currentPath, TimeProvider time, TimeSpan pollInterval)
    {
        _currentPath = currentPath;
        _time = time;
        _pollInterval = pollInterval;
    }

    public async Task FollowAsync(string path, long offset, Stream output, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(_pollInterval, _time, ct);
            var current = _currentPath();
            if (current is null)
            {
                continue;
            }

            if (!string.Equals(current, path, StringComparison.Ordinal))
            {
                path = current;
                offset = 0;
            }

            await using var file = LogTailReader.TryOpenShared(path);
            if (file is null)
            {
                continue;
            }

            var length = file.Length;
            if (length < offset)
            {
                // Truncated or replaced by a shorter file: start over at its beginning.
                offset = 0;
            }

            if (length == offset)
            {
                continue;
            }

            file.Seek(offset, SeekOrigin.Begin);
            await StreamRange.CopyAsync(file, length - offset, output, ct);
            await output.FlushAsync(ct);
            offset = length;
        }
    }
}
