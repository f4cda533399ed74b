namespace ActorWarden.ControlPlane.Logs;

/// <summary>Copies a byte range of a log file to the response without buffering the whole range.</summary>
internal static class StreamRange
{
    public static async Task CopyAsync(Stream source, long count, Stream output, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        while (count > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), ct);
            if (read == 0)
            {
                break;
            }

            await output.WriteAsync(buffer.AsMemory(0, read), ct);
            count -= read;
        }
    }
}
