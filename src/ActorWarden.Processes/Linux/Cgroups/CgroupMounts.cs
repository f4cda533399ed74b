namespace ActorWarden.Processes.Linux.Cgroups;

/// <summary>
/// Where the warden's own control groups are, per hierarchy: the cgroup2 mount and each v1 controller
/// mount, joined with the warden's path in it from /proc/self/cgroup (systemd's hybrid layout has both:
/// cgroup2 for membership, v1 for the controllers it still holds).
/// </summary>
internal sealed record CgroupMounts(string? UnifiedOwn, IReadOnlyDictionary<string, string> V1Own)
{
    /// <summary>Reads /proc/self/mountinfo and /proc/self/cgroup.</summary>
    public static CgroupMounts Discover() =>
        Parse(SafeRead("/proc/self/mountinfo"), SafeRead("/proc/self/cgroup"));

    /// <summary>
    /// Resolves the warden's own directory in each hierarchy. A hierarchy whose mount root does not
    /// contain the warden's path (a container that sees only part of it) is left out.
    /// </summary>
    public static CgroupMounts Parse(string mountinfo, string selfCgroup)
    {
        string? unifiedMount = null;
        string? unifiedRoot = null;
        var v1Mounts = new Dictionary<string, (string Mount, string Root)>(StringComparer.Ordinal);
        foreach (var line in mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var halves = line.Split(" - ", 2);
            if (halves.Length != 2)
            {
                continue;
            }

            var left = halves[0].Split(' ');
            var right = halves[1].Split(' ');
            if (left.Length < 5 || right.Length < 3)
            {
                continue;
            }

            var root = Unescape(left[3]);
            var mount = Unescape(left[4]);
            if (right[0] == "cgroup2" && unifiedMount is null)
            {
                (unifiedMount, unifiedRoot) = (mount, root);
            }
            else if (right[0] == "cgroup")
            {
                foreach (var option in right[2].Split(','))
                {
                    v1Mounts.TryAdd(option, (mount, root));
                }
            }
        }

        string? unifiedOwn = null;
        var v1Own = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in selfCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            if (parts[0] == "0" && parts[1].Length == 0)
            {
                if (unifiedMount is not null)
                {
                    unifiedOwn = Join(unifiedMount, unifiedRoot!, parts[2]);
                }

                continue;
            }

            foreach (var controller in parts[1].Split(','))
            {
                if (v1Mounts.TryGetValue(controller, out var m) && Join(m.Mount, m.Root, parts[2]) is { } own)
                {
                    v1Own[controller] = own;
                }
            }
        }

        return new CgroupMounts(unifiedOwn, v1Own);
    }

    private static string? Join(string mount, string root, string path)
    {
        if (root != "/" && !(path == root || path.StartsWith(root + "/", StringComparison.Ordinal)))
        {
            return null;
        }

        var relative = root == "/" ? path : path[root.Length..];
        return relative.Length == 0 || relative == "/" ? mount : mount + relative;
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as octal.</summary>
    private static string Unescape(string field) =>
        field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
            .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
