namespace ActorWarden.Processes.Tests.Support;

/// <summary>
/// The warden's open file descriptors without the transient ones: the reaper that runs on every
/// SIGCHLD opens /proc files for microseconds, so one sample may catch it. A leak shows in every
/// sample; the smallest of several spread over 50 ms is the settled count.
/// </summary>
internal static class OpenFds
{
    public static async Task<int> Settled()
    {
        var least = int.MaxValue;
        for (var i = 0; i < 6; i++)
        {
            least = Math.Min(least, ProcessInfo.CountOpenFds());
            await Task.Delay(10);
        }

        return least;
    }
}
