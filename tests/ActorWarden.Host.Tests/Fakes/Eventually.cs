namespace ActorWarden.Host.Tests.Fakes;

/// <summary>Waits for a condition the code under test reaches asynchronously, failing with a message instead of hanging.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static async Task True(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("timed out waiting for " + what);
            }

            await Task.Delay(5);
        }
    }

    public static async Task<T> Within<T>(Task<T> task, string what, TimeSpan? timeout = null)
    {
        try
        {
            return await task.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("timed out waiting for " + what);
        }
    }

    public static async Task Within(Task task, string what, TimeSpan? timeout = null)
    {
        try
        {
            await task.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("timed out waiting for " + what);
        }
    }
}
