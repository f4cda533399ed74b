namespace ActorWarden.Processes.Tests.Support;

/// <summary>
/// The warden's open file descriptors without the transient ones. Orphans of earlier tests that are
/// still dying hold pidfds the SIGCHLD-driven reaper opened, so the count waits until the warden has
/// no child left; and a reaper pass opens /proc files for microseconds, so one sample may catch it.
/// A leak shows in every sample; the smallest of several spread over 50 ms is the settled count.
/// Finalizers run first, so a handle an earlier test dropped is not closed by the GC mid-count.
/// </summary>
internal static class OpenFds
{
    public static async Task<int> Settled()
    {
        await Await.Until(() => ActorWarden.Processes.Linux.ProcFs.ListOwnChildren().Count == 0, "every child of the warden reaped");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var least = int.MaxValue;
        for (var i = 0; i < 6; i++)
        {
            least = Math.Min(least, ProcessInfo.CountOpenFds());
            await Task.Delay(10);
        }

        return least;
    }
}
