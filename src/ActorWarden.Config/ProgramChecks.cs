using ActorWarden.Hocon;
using HoconConfig = ActorWarden.Hocon.Config;

namespace ActorWarden.Config;

/// <summary>
/// Looks at the file system the way the launcher will at start: a command that is on no PATH folder
/// or not executable, or a working directory that does not exist. These are warnings, not errors: a
/// config may be validated on another machine, or the program installed after the warden starts
/// (a start then fails and the instance goes Fatal after start-retries, as in supervisord).
/// </summary>
internal static class ProgramChecks
{
    public static void Check(WardenSettings settings, HoconConfig merged, List<ConfigError> warnings)
    {
        foreach (var service in settings.Services)
        {
            var path = "services." + KeyPath.Quote(service.Name);
            if (!service.Directory.Contains("${", StringComparison.Ordinal) && !Directory.Exists(service.Directory))
            {
                warnings.Add(new ConfigError(OriginOf(merged, path, "directory"), $"services.{service.Name}.directory", $"working directory '{service.Directory}' does not exist; every start will fail"));
            }

            if (Problem(service) is { } problem)
            {
                warnings.Add(new ConfigError(OriginOf(merged, path, "command"), $"services.{service.Name}.command", $"{problem}; every start will fail"));
            }
        }
    }

    private static string? Problem(ServiceSpec service)
    {
        var command = service.Command;
        if (command.Contains("${", StringComparison.Ordinal))
        {
            return null;
        }

        string? resolved;
        if (Path.IsPathRooted(command) || command.Contains('/', StringComparison.Ordinal) || command.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            resolved = Path.GetFullPath(command, service.Directory);
        }
        else
        {
            var searchPath = service.Env.TryGetValue("PATH", out var childPath) ? childPath : Environment.GetEnvironmentVariable("PATH");
            resolved = Search(command, searchPath);
            if (resolved is null)
            {
                return $"command `{command}` is not found on PATH ({searchPath})";
            }
        }

        if (Directory.Exists(resolved))
        {
            return $"command '{resolved}' is a directory";
        }

        if (!File.Exists(resolved))
        {
            return $"command '{resolved}' does not exist";
        }

        return IsExecutable(resolved) ? null : $"command '{resolved}' is not executable (chmod +x)";
    }

    private static string? Search(string command, string? searchPath)
    {
        var extensions = OperatingSystem.IsWindows() && !Path.HasExtension(command) ? new[] { ".exe", ".cmd", ".bat", "" } : new[] { "" };
        foreach (var folder in (searchPath ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(folder, command + extension);
                if (File.Exists(candidate) && IsExecutable(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static bool IsExecutable(string file) =>
        OperatingSystem.IsWindows()
        || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static HoconOrigin? OriginOf(HoconConfig merged, string servicePath, string key)
    {
        var full = "warden." + servicePath + "." + key;
        return merged.HasPath(full) ? merged.Origin(full) : merged.HasPath("warden." + servicePath) ? merged.Origin("warden." + servicePath) : null;
    }
}
