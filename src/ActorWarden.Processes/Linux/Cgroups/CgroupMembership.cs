namespace ActorWarden.Processes.Linux.Cgroups;

/// <summary>The cgroup paths of a process from /proc/&lt;pid&gt;/cgroup; a zombie still shows the groups it died in.</summary>
internal static class CgroupMembership
{
    /// <summary>One path per hierarchy (the part after the second ':'); empty when the process is gone.</summary>
    public static IEnumerable<string> Of(int pid)
    {
        var text = CgroupFs.TryRead($"/proc/{pid}/cgroup");
        if (text is null)
        {
            yield break;
        }

        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3)
            {
                yield return parts[2];
            }
        }
    }

    /// <summary>True when <paramref name="pid"/> is (or died) inside the warden subtree "/actorwarden/".</summary>
    public static bool IsInWardenSubtree(int pid) =>
        Of(pid).Any(path => path.Contains("/actorwarden/", StringComparison.Ordinal));
}
