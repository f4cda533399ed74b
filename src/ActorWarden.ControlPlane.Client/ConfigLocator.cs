namespace ActorWarden.ControlPlane.Client;

/// <summary>
/// Finds the config file when none is given: $WARDEN_CONFIG, then ./config/warden.conf, then
/// /etc/warden/warden.conf — so `warden run` and `warden status` agree on which warden they mean.
/// </summary>
public static class ConfigLocator
{
    public static string Resolve(string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return Path.GetFullPath(explicitPath);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("WARDEN_CONFIG");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        var local = Path.GetFullPath(Path.Combine("config", "warden.conf"));
        if (File.Exists(local))
        {
            return local;
        }

        return OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "ActorWarden", "warden.conf")
            : "/etc/warden/warden.conf";
    }
}
