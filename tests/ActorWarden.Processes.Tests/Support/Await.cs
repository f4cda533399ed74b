using System.Diagnostics;

namespace ActorWarden.Processes.Tests.Support;

/// <summary>Bounded waits for tests: a condition the kernel makes true asynchronously, or a task.</summary>
internal static class Await
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<T> Within<T>(Task<T> task, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeout;
        var finished = await Task.WhenAny(task, Task.Delay(limit));
        if (finished != task)
        {
            throw new TimeoutException($"not completed within {limit.TotalSeconds:0.#} s");
        }

        return await task;
    }

    public static async Task Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeout;
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"{what}: not true within {limit.TotalSeconds:0.#} s");
            }

            await Task.Delay(10);
        }
    }

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
