using System.Diagnostics;

namespace ActorWarden.TestSupport;

/// <summary>
/// Waits for what the code under test reaches on another thread or in another process, failing with
/// one message instead of hanging. The one polling helper of every test project: a deadline measured on a
/// monotonic clock, a short poll, and a generous default, because a loaded 2-core CI machine can be ten
/// times slower than a quiet one and only a test that fails pays for the wait.
/// </summary>
public static class Eventually
{
    /// <summary>How long a condition may take unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Until <paramref name="condition"/> holds. A condition that throws <see cref="IOException"/> (a file
    /// read racing its writer or a rotation) or <see cref="HttpRequestException"/> (a server not listening
    /// yet) counts as "not yet"; the last such error is kept for the timeout.
    /// </summary>
    public static Task True(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        True(() => Task.FromResult(condition()), what, timeout);

    /// <inheritdoc cref="True(Func{bool}, string, TimeSpan?)"/>
    public static async Task True(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        await Value(async () => await condition().ConfigureAwait(false), held => held, what, timeout).ConfigureAwait(false);
    }

    /// <summary>Reads <paramref name="read"/> until <paramref name="done"/> accepts a value, and returns it.</summary>
    public static async Task<T> Value<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        Exception? lastError = null;
        var last = "nothing was read";
        while (true)
        {
            try
            {
                var value = await read().ConfigureAwait(false);
                if (done(value))
                {
                    return value;
                }

                last = value?.ToString() ?? "null";
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                lastError = e;
            }

            if (clock.Elapsed > limit)
            {
                // The last value read says which way it was off (a record prints its fields).
                var shown = last.Length > 2000 ? last[..2000] + "..." : last;
                throw new TimeoutException($"timed out after {limit.TotalSeconds:0.#} s waiting for {what}; last read: {shown}", lastError);
            }

            await Task.Delay(Poll).ConfigureAwait(false);
        }
    }

    /// <summary><paramref name="task"/>'s result, or a timeout that names <paramref name="what"/>.</summary>
    public static async Task<T> Within<T>(Task<T> task, string what, TimeSpan? timeout = null)
    {
        await Within((Task)task, what, timeout).ConfigureAwait(false);
        return await task.ConfigureAwait(false);
    }

    /// <summary>Waits for <paramref name="task"/>, or fails with a timeout that names <paramref name="what"/>.</summary>
    public static async Task Within(Task task, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        try
        {
            await task.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"timed out after {limit.TotalSeconds:0.#} s waiting for {what}");
        }
    }
}
