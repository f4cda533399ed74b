using ActorWarden.TestSupport;

namespace ActorWarden.Cluster.Tests.Partition;

/// <summary>
/// A cgroup2 group of its own for the processes of one test (a node to cut off), under the test
/// process's own group. Disposing kills whatever still runs in it (cgroup.kill, the whole subtree,
/// including groups the warden made for its instances) and removes the groups, deepest first, so a
/// failed test leaves neither processes nor groups behind.
/// </summary>
internal sealed class IsolationCgroup : IAsyncDisposable
{
    private IsolationCgroup(string directory) => Directory = directory;

    /// <summary>The group's directory in the cgroup2 hierarchy.</summary>
    public string Directory { get; }

    /// <summary>Makes a new, empty group.</summary>
    /// <exception cref="InvalidOperationException">No cgroup2 mount, or the group cannot be made (the tests run as root).</exception>
    public static IsolationCgroup Create()
    {
        var own = OwnDirectory();
        var directory = Path.Combine(own, "warden-partition-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            System.IO.Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot make the cgroup {directory} (the partition tests need root and a writable cgroup2 mount): {e.Message}", e);
        }

        return new IsolationCgroup(directory);
    }

    /// <summary>Pids in the group and its descendants.</summary>
    public IReadOnlyList<int> Pids() =>
        Groups().SelectMany(group => ReadOrEmpty(Path.Combine(group, "cgroup.procs")).Split('\n', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse).ToList();

    public async ValueTask DisposeAsync()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        try
        {
            File.WriteAllText(Path.Combine(Directory, "cgroup.kill"), "1");
        }
        catch (IOException)
        {
        }

        await Eventually.True(() => Pids().Count == 0, $"the processes of {Directory} to end after cgroup.kill", TimeSpan.FromSeconds(20));
        foreach (var group in Groups().OrderByDescending(g => g.Length))
        {
            // rmdir(2): a cgroup directory holds only the kernel's files and goes once it has no processes.
            System.IO.Directory.Delete(group, recursive: false);
        }
    }

    private IEnumerable<string> Groups() =>
        System.IO.Directory.Exists(Directory)
            ? new[] { Directory }.Concat(System.IO.Directory.EnumerateDirectories(Directory, "*", SearchOption.AllDirectories)).ToList()
            : [];

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>This process's group in the cgroup2 mount (from /proc/self/mountinfo and the "0::" line of /proc/self/cgroup).</summary>
    private static string OwnDirectory()
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var halves = line.Split(" - ", 2);
            if (halves.Length != 2 || !halves[1].StartsWith("cgroup2 ", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = halves[0].Split(' ');
            var (root, mount) = (fields[3], fields[4]);
            var own = File.ReadLines("/proc/self/cgroup").FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal))?[3..]
                ?? throw new InvalidOperationException("/proc/self/cgroup has no cgroup2 (0::) line");
            var relative = root == "/" ? own : Path.GetRelativePath(root, own);
            return Path.GetFullPath(Path.Combine(mount, relative.TrimStart('/')));
        }

        throw new InvalidOperationException("no cgroup2 mount in /proc/self/mountinfo (the partition tests cut a cgroup2 group's traffic)");
    }
}
