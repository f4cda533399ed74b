using System.Text.Json;
using ActorWarden.Contracts;
using ActorWarden.ControlPlane.Client;
using ActorWarden.ControlPlane.Client.Output;

namespace ActorWarden.Cli.Native;

/// <summary>
/// The front's answer to <c>warden status</c>: the same endpoint file, token file, request and
/// rendering as the managed CLI (the code is shared, in ActorWarden.ControlPlane.Client), for the
/// common case only: a live warden published its endpoint and its token file. Every other case (no
/// warden, a token in the config, an error on the way) is answered by the managed warden, which
/// explains it, so no error message is written twice.
/// </summary>
internal static class StatusAnswer
{
    /// <summary>Prints the answer and returns true, or prints nothing and returns false.</summary>
    public static bool TryWrite(StatusQuestion question, TextWriter output, bool color)
    {
        var endpoint = EndpointFile.Read(ConfigLocator.Resolve(question.ConfigPath));
        if (endpoint is not { TokenFile: { } tokenFile })
        {
            return false;
        }

        // Fetched in full before anything is printed: a failure here leaves stdout untouched for the
        // managed warden's answer.
        WardenStatus? status = null;
        JsonDocument? document = null;
        try
        {
            using var client = WardenApiClient.FromTokenFile(new Uri(endpoint.Url), tokenFile);
            if (question.Json)
            {
                document = client.GetStatusDocument();
            }
            else
            {
                status = client.GetStatus();
            }
        }
        catch (Exception ex) when (ex is WardenClientException or IOException or UnauthorizedAccessException or UriFormatException)
        {
            return false;
        }

        if (document is not null)
        {
            using (document)
            {
                IndentedJson.WriteLine(document, output);
            }
        }
        else
        {
            StatusTable.Write(status!, output, color);
        }

        return true;
    }
}
