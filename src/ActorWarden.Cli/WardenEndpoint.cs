using System.Runtime.CompilerServices;
using ActorWarden.Config;
using ActorWarden.ControlPlane.Client;

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
        var live = EndpointFile.Read(path);
        if (live is { TokenFile: { } tokenFile })
        {
            return WardenApiClient.FromTokenFile(new Uri(live.Url), tokenFile);
        }

        return FromConfig(path, live);
    }

    /// <summary>
    /// A warden with a configured token does not publish it in the endpoint file: the token comes from
    /// the config (readable by whoever may operate the warden), the URL from the endpoint file. Kept out
    /// of <see cref="Connect"/> so the common call, through the endpoint file, never loads the config
    /// binding (ActorWarden.Config) or parses the file.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WardenApiClient FromConfig(string path, EndpointFile.Endpoint? live)
    {
        WardenSettings settings;
        try
        {
            settings = WardenConfigLoader.Load(path);
        }
        catch (WardenConfigException ex)
        {
            throw live is null
                ? new CliUsageException($"cannot read {path} to find the warden: {ex.Errors[0]}")
                : new WardenUnreachableException($"the warden on {path} (pid {live.Pid}) uses a configured token, and the config cannot be read to find it: {ex.Errors[0]}");
        }

        var control = settings.Control;
        if (!control.Enabled)
        {
            throw new WardenUnreachableException($"{path} has warden.control.http.enabled = off; the warden runs without an API");
        }

        var uri = live is null ? UrlOf(control) : new Uri(live.Url);
        return control.Token is { } token
            ? new WardenApiClient(uri, token)
            : WardenApiClient.FromTokenFile(uri, control.TokenFile);
    }

    /// <summary>The URL a client on this machine uses for the configured bind address.</summary>
    public static Uri UrlOf(ControlHttpSpec control)
    {
        var host = control.Host is "0.0.0.0" or "*" or "" ? "127.0.0.1" : control.Host is "::" ? "::1" : control.Host;
        return new UriBuilder("http", host, control.Port).Uri;
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
