namespace ActorWarden.Supervision.Logs;

/// <summary>
/// Lines and bytes dropped for one reason, since creation: written by a stream's writer task, read by
/// the shipper actor when it reports <c>logs-dropped</c> (hence the atomic reads and adds).
/// </summary>
internal sealed class DropCounter(LogShipperContext context)
{
    private long _lines;
    private long _bytes;

    public long Lines => Interlocked.Read(ref _lines);

    public long Bytes => Interlocked.Read(ref _bytes);

    public void Add(long lines, long bytes)
    {
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Add(ref _lines, lines);
        context.Dropped();
    }
}
