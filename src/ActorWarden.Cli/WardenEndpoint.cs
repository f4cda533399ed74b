using ActorWarden.ControlPlane.Client;
using ActorWarden.Supervision.Specs;

namespace ActorWarden.Cli;

/// <summary>
/// Finds the running warden the way an operator expects: from the same config file it was started
/// with (its control host, port and token file), so `warden status` needs no flags on a box with one warden.
/// </summary>
public static class WardenEndpoint
{
    public static WardenApiClient Connect(string? configPath)
    {
        var path = ConfigLocator.Resolve(configPath);
        WardenSettings settings;
        try
        {
            settings = WardenConfigLoader.Load(path);
        }
        catch (WardenConfigException ex)
        {
            throw new CliUsageException($"cannot read {path} to find the warden: {ex.Errors[0]}");
        }

        var control = settings.Control;
        if (!control.Enabled)
        {
            throw new WardenUnreachableException($"{path} has warden.control.http.enabled = off; the warden runs without an API");
        }

        var host = control.Host is "0.0.0.0" or "*" or "" ? "127.0.0.1" : control.Host is "::" ? "::1" : control.Host;
        var uri = new UriBuilder("http", host, control.Port).Uri;
        return control.Token is { } token
            ? new WardenApiClient(uri, token)
            : WardenApiClient.FromTokenFile(uri, control.TokenFile);
    }
}

/// <summary>A command-line or config problem on the caller's side: exit code 2.</summary>
public sealed class CliUsageException : Exception
{
    public CliUsageException(string message)
        : base(message)
    {
    }
}
