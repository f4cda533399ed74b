using ActorWarden.Contracts.Api;

namespace ActorWarden.ControlPlane.Security;

/// <summary>Chooses the server's token (configured, else the token file) and turns every file problem into one start error.</summary>
internal static class TokenResolver
{
    public static string Resolve(ControlPlaneOptions options)
    {
        if (options.Token is not null)
        {
            return options.Token;
        }

        var path = options.ResolveTokenFile();
        try
        {
            return TokenFile.LoadOrCreate(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new ControlPlaneStartException($"control plane token: {ex.Message}", ex);
        }
    }
}
