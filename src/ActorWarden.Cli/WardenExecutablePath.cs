namespace ActorWarden.Cli;

/// <summary>
/// Publishes the warden's own executable as $WARDEN_EXE before the config is read, so a config can
/// say <c>command = ${WARDEN_EXE}</c> (the demo farm does) and run the built-in demo programs on
/// any machine without knowing where the binary lives.
/// </summary>
public static class WardenExecutablePath
{
    public const string Variable = "WARDEN_EXE";

    public static void Publish()
    {
        var path = Environment.ProcessPath ?? "";
        var name = Path.GetFileNameWithoutExtension(path);
        if (name.Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "warden.exe" : "warden");
            path = File.Exists(apphost) ? apphost : path;
        }

        Environment.SetEnvironmentVariable(Variable, path);
    }
}
