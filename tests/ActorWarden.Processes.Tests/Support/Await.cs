namespace ActorWarden.Processes.Tests.Support;

/// <summary>Bounded waits for tests: a condition the kernel makes true asynchronously, a task, or lines from a child.</summary>
internal static class Await
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The shared <see cref="Eventually.Within{T}"/>, with this suite's shorter default.</summary>
    public static Task<T> Within<T>(Task<T> task, TimeSpan? timeout = null) =>
        Eventually.Within(task, "the operation to complete", timeout ?? Timeout);

    /// <summary>The shared <see cref="Eventually.True(Func{bool}, string, TimeSpan?)"/>, with this suite's shorter default.</summary>
    public static Task Until(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.True(condition, what, timeout ?? Timeout);

    /// <summary>Reads lines from a child's stream until <paramref name="count"/> have arrived.</summary>
    public static async Task<List<string>> Lines(Stream stream, int count)
    {
        var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (lines.Count < count)
        {
            var line = await Within(reader.ReadLineAsync())
                ?? throw new EndOfStreamException($"stream ended after {lines.Count} of {count} lines");
            lines.Add(line);
        }

        return lines;
    }
}
