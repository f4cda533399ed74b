using ActorWarden.ControlPlane;
using ActorWarden.Config;

namespace ActorWarden.Cli;

/// <summary>
/// The control plane options a config asks for, and the check `run` makes on them before anything
/// starts; `validate` makes the same check, so it finds everything `run` refuses.
/// </summary>
public static class ControlPlaneSettings
{
    public static ControlPlaneOptions From(WardenSettings settings) => new()
    {
        Enabled = true,
        Host = settings.Control.Host,
        Port = settings.Control.Port,
        Token = settings.Control.Token,
        TokenFile = settings.Control.TokenFile,
        MaxConnections = 1024,
    };

    /// <summary>One line naming the problem (<c>FILE: warden.control.http: …</c>), or null when the control plane can start.</summary>
    public static string? Problem(WardenSettings settings, string configPath)
    {
        if (!settings.Control.Enabled)
        {
            return null;
        }

        try
        {
            From(settings).Validate();
            return null;
        }
        catch (ControlPlaneStartException ex)
        {
            return $"{configPath}: warden.control.http: {ex.Message}";
        }
    }
}
