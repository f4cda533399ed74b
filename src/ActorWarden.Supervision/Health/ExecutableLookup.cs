namespace ActorWarden.Supervision.Health;

/// <summary>
/// Finds a command the way a shell would, because the launcher deliberately does no PATH lookup (the
/// child's PATH, not the warden's, is the one that matters, so the caller must choose).
/// </summary>
internal static class ExecutableLookup
{
    /// <summary>
    /// The path to execute for <paramref name="command"/>, or null when a bare name is on no PATH
    /// folder. A command that names a path (absolute, or relative to the working directory the child
    /// starts in) is returned as given: the launcher then says precisely why it cannot run
    /// ("no such file or directory", "is a directory", "permission denied").
    /// </summary>
    public static string? Resolve(string command, string? searchPath)
    {
        if (Path.IsPathRooted(command) || command.Contains('/') || command.Contains(Path.DirectorySeparatorChar))
        {
            return command;
        }

        if (string.IsNullOrEmpty(searchPath))
        {
            return null;
        }

        var extensions = OperatingSystem.IsWindows() && !Path.HasExtension(command)
            ? new[] { ".exe", ".cmd", ".bat", string.Empty }
            : new[] { string.Empty };
        foreach (var folder in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(folder, command + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
