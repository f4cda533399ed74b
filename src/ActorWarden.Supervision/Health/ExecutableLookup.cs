namespace ActorWarden.Supervision.Health;

/// <summary>
/// Finds a command the way a shell would, because the launcher deliberately does no PATH lookup (the
/// child's PATH, not the warden's, is the one that matters, so the caller must choose).
/// </summary>
internal static class ExecutableLookup
{
    /// <summary>The absolute path of <paramref name="command"/>, or null when it cannot be found.</summary>
    public static string? Resolve(string command, string? searchPath)
    {
        if (Path.IsPathRooted(command))
        {
            return File.Exists(command) ? command : null;
        }

        if (command.Contains('/') || command.Contains(Path.DirectorySeparatorChar))
        {
            var full = Path.GetFullPath(command);
            return File.Exists(full) ? full : null;
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
