using System.Text.Json;
using ActorWarden.Contracts.Api;
using Microsoft.AspNetCore.Http;

namespace ActorWarden.ControlPlane.Http;

/// <summary>
/// Reads the optional JSON body of a command with the size limit enforced before parsing, and turns
/// every malformed body into one 400 line naming where the JSON broke.
/// </summary>
internal static class OperatorRequestReader
{
    public readonly record struct Outcome(OperatorRequest? Request, IResult? Error);

    public static async Task<Outcome> ReadAsync(HttpRequest request, long maxBodyBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > 0 && request.ContentLength > maxBodyBytes)
        {
            return new Outcome(null, TooLarge(maxBodyBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        while (true)
        {
            int read;
            try
            {
                read = await request.Body.ReadAsync(chunk, cancellationToken);
            }
            catch (BadHttpRequestException ex)
            {
                return new Outcome(null, ApiResults.Error(ex.StatusCode, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? $"request body is larger than {maxBodyBytes} bytes"
                    : $"bad request body: {ex.Message}"));
            }

            if (read == 0)
            {
                break;
            }

            if (buffer.Length + read > maxBodyBytes)
            {
                return new Outcome(null, TooLarge(maxBodyBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0 || IsWhitespace(buffer))
        {
            return new Outcome(new OperatorRequest(null), null);
        }

        try
        {
            buffer.Position = 0;
            using var document = await JsonDocument.ParseAsync(buffer, cancellationToken: cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new Outcome(null, ApiResults.Error(StatusCodes.Status400BadRequest,
                    $"request body must be a JSON object, found {document.RootElement.ValueKind.ToString().ToLowerInvariant()}"));
            }

            var parsed = document.RootElement.Deserialize<OperatorRequest>(ControlPlaneJson.Options);
            return new Outcome(parsed ?? new OperatorRequest(null), null);
        }
        catch (JsonException ex)
        {
            return new Outcome(null, ApiResults.Error(StatusCodes.Status400BadRequest, $"malformed JSON body: {Describe(ex)}"));
        }
    }

    private static IResult TooLarge(long maxBodyBytes) =>
        ApiResults.Error(StatusCodes.Status413PayloadTooLarge, $"request body is larger than {maxBodyBytes} bytes");

    private static string Describe(JsonException ex)
    {
        var where = ex.LineNumber is { } line ? $"line {line + 1}, byte {ex.BytePositionInLine + 1}: " : string.Empty;
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return where + (cut > 0 ? message[..cut] : message);
    }

    private static bool IsWhitespace(MemoryStream buffer)
    {
        foreach (var b in buffer.GetBuffer().AsSpan(0, (int)buffer.Length))
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
