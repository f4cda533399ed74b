using System.Diagnostics;

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

    /// <summary>
    /// The settled count once it is back to <paramref name="baseline"/>, or the last one after 10 s. A child's
    /// exit is reported before the exit watcher closes its pidfd and settles its cgroup (the exit comes first
    /// by design), so on a loaded machine the last child's descriptors can outlive its reported exit for as
    /// long as that thread waits for a CPU: CI once saw 2 more at the first count. A leak stays for good.
    /// </summary>
    public static async Task<int> BackTo(int baseline)
    {
        var waited = Stopwatch.StartNew();
        var count = await Settled();
        while (count > baseline && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
            count = await Settled();
        }

        return count;
    }

    /// <summary>What each open descriptor points at ("pipe:[123]", a path, "anon_inode:[eventfd]"), by number.</summary>
    public static SortedDictionary<int, string> Targets()
    {
        var targets = new SortedDictionary<int, string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                targets[int.Parse(Path.GetFileName(entry), System.Globalization.CultureInfo.InvariantCulture)] =
                    new FileInfo(entry).LinkTarget ?? "?";
            }
            catch (IOException)
            {
                // Closed between the listing and the read: it was transient.
            }
        }

        return targets;
    }

    /// <summary>The descriptors in <paramref name="after"/> that <paramref name="before"/> did not have (or had for something else), one per line.</summary>
    public static string Added(SortedDictionary<int, string> before, SortedDictionary<int, string> after) =>
        string.Join('\n', after.Where(a => !before.TryGetValue(a.Key, out var target) || target != a.Value).Select(a => $"{a.Key} -> {a.Value}"));
}
