namespace ActorWarden.Contracts.Api;

/// <summary>
/// Where the warden and the CLI agree to find the token without being told: both sides must compute
/// the same path, so the rule lives in one place.
/// </summary>
public static class ControlPlaneDefaults
{
    /// <summary>The port `warden` talks to unless configured otherwise.</summary>
    public const int DefaultPort = 9137;

    /// <summary>
    /// <c>$XDG_STATE_HOME/actorwarden</c>, else <c>~/.local/state/actorwarden</c>; <c>%LOCALAPPDATA%\ActorWarden</c> on Windows.
    /// </summary>
    public static string StateDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "ActorWarden");
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        var root = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state")
            : xdg;
        return Path.Combine(root, "actorwarden");
    }

    public static string DefaultTokenFile() => DefaultTokenFile(StateDirectory());

    public static string DefaultTokenFile(string stateDirectory) => Path.Combine(stateDirectory, "token");

    public static Uri DefaultBaseAddress() => new($"http://127.0.0.1:{DefaultPort}/");
}
