using System.Net.Sockets;
using System.Text;

namespace ActorWarden.ControlPlane.Tests.Infrastructure;

/// <summary>
/// Sends a request line byte-for-byte over TCP. HttpClient normalises dot segments and escapes, so
/// traversal attempts must bypass it to reach the server as an attacker would send them.
/// </summary>
public static class RawHttp
{
    public sealed record Response(int StatusCode, string Body);

    public static async Task<Response> GetAsync(Uri baseAddress, string rawTarget, string? token)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
        await using var stream = tcp.GetStream();
        var request = new StringBuilder()
            .Append($"GET {rawTarget} HTTP/1.1\r\n")
            .Append($"Host: {baseAddress.Authority}\r\n");
        if (token is not null)
        {
            request.Append($"Authorization: Bearer {token}\r\n");
        }

        request.Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var text = await reader.ReadToEndAsync(timeout.Token);
        var statusLine = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
        var status = int.Parse(statusLine.Split(' ')[1]);
        var bodyStart = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return new Response(status, bodyStart < 0 ? string.Empty : text[(bodyStart + 4)..]);
    }
}
