using System.Buffers.Text;
using System.Net.Sockets;
using System.Text;

namespace ActorWarden.ControlPlane.Client;

/// <summary>
/// One HTTP/1.1 GET over a plain socket to a warden on this machine, for the CLI's one-shot questions
/// (`warden status`). HttpClient's first request costs a short-lived process more than the question:
/// loading System.Net.Http, its metrics, diagnostics and TLS assemblies, and some 150 generic methods
/// (async builders, concurrent collections, header tables) that ReadyToRun cannot precompile. The
/// control plane speaks plain HTTP/1.1 on loopback (ControlPlaneServer), so the exchange is fixed: a
/// request with `Connection: close`, then a status line, headers, and a body framed by Content-Length,
/// by chunks, or by the end of the connection.
/// </summary>
internal static class LoopbackHttpGet
{
    /// <summary>What the warden answered: the status, its reason phrase and the decoded body.</summary>
    public readonly record struct Response(int StatusCode, string ReasonPhrase, ArraySegment<byte> Body);

    /// <summary>True when <paramref name="token"/> can travel in a header as it is (printable ASCII), as HttpClient would send it.</summary>
    public static bool IsHeaderSafe(string token)
    {
        foreach (var c in token)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Sends the GET and reads the whole answer before <paramref name="timeout"/> has passed.
    /// Throws <see cref="SocketException"/> (TimedOut when the time ran out) or
    /// <see cref="IOException"/> when the answer is cut short or is not HTTP, and
    /// <see cref="OperationCanceledException"/> within a quarter second of a cancellation.
    /// </summary>
    public static Response Send(LoopbackEndpoint endpoint, Uri uri, string token, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        using var connection = LoopbackConnection.Open(endpoint);
        connection.Send(Encoding.ASCII.GetBytes(
            $"GET {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nAuthorization: Bearer {token}\r\nAccept: application/json\r\nConnection: close\r\n\r\n"));

        var buffer = new byte[64 * 1024];
        var length = 0;
        var headerEnd = -1;
        Head? head = null;
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            // In slices, so a cancellation is seen within one.
            while (!connection.WaitReadable(TimeSpan.FromMilliseconds(Math.Clamp(deadline - Environment.TickCount64, 0, 250))))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Environment.TickCount64 >= deadline)
                {
                    throw new SocketException((int)SocketError.TimedOut);
                }
            }

            var read = connection.Receive(buffer.AsSpan(length));
            length += read;
            if (head is null)
            {
                headerEnd = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
                if (headerEnd < 0)
                {
                    if (read == 0)
                    {
                        throw new IOException("the connection closed before the answer's headers were complete");
                    }

                    continue;
                }

                headerEnd += 4;
                head = Head.Parse(buffer.AsSpan(0, headerEnd));
            }

            var body = new ArraySegment<byte>(buffer, headerEnd, length - headerEnd);
            if (head.Chunked)
            {
                if (Chunks.TryDecode(body, out var decoded))
                {
                    return new Response(head.StatusCode, head.ReasonPhrase, decoded);
                }
            }
            else if (head.ContentLength is { } contentLength)
            {
                if (body.Count >= contentLength)
                {
                    return new Response(head.StatusCode, head.ReasonPhrase, body.Slice(0, (int)contentLength));
                }
            }
            else if (read == 0)
            {
                return new Response(head.StatusCode, head.ReasonPhrase, body);
            }

            if (read == 0)
            {
                throw new IOException("the connection closed before the answer was complete");
            }
        }
    }

    /// <summary>Without the spaces and tabs around it (optional whitespace in header values and chunk sizes).</summary>
    private static ReadOnlySpan<byte> TrimSpaces(ReadOnlySpan<byte> text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && text[start] is (byte)' ' or (byte)'\t')
        {
            start++;
        }

        while (end > start && text[end - 1] is (byte)' ' or (byte)'\t')
        {
            end--;
        }

        return text[start..end];
    }

    /// <summary>The status line and the framing headers of an answer.</summary>
    private sealed record Head(int StatusCode, string ReasonPhrase, long? ContentLength, bool Chunked)
    {
        public static Head Parse(ReadOnlySpan<byte> head)
        {
            var lineEnd = head.IndexOf("\r\n"u8);
            var statusLine = head[..lineEnd];
            // HTTP/1.x SP 3DIGIT SP reason
            if (!statusLine.StartsWith("HTTP/1."u8) || statusLine.Length < 12 || statusLine[8] != (byte)' '
                || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out var consumed) || consumed != 3)
            {
                throw new IOException($"the answer is not HTTP/1.1: '{Encoding.ASCII.GetString(statusLine)}'");
            }

            var reason = statusLine.Length > 13 ? Encoding.ASCII.GetString(statusLine[13..]) : "";
            long? contentLength = null;
            var chunked = false;
            var rest = head[(lineEnd + 2)..];
            while (rest.IndexOf("\r\n"u8) is var end and > 0)
            {
                var line = rest[..end];
                rest = rest[(end + 2)..];
                var colon = line.IndexOf((byte)':');
                if (colon <= 0)
                {
                    continue;
                }

                var name = line[..colon];
                var value = TrimSpaces(line[(colon + 1)..]);
                if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
                {
                    contentLength = Utf8Parser.TryParse(value, out long n, out var used) && used == value.Length && n >= 0
                        ? n
                        : throw new IOException($"the answer's Content-Length is not a length: '{Encoding.ASCII.GetString(value)}'");
                }
                else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
                {
                    chunked = Ascii.EqualsIgnoreCase(value, "chunked"u8);
                }
            }

            return new Head(status, reason, contentLength, chunked);
        }
    }

    /// <summary>The chunked transfer coding (RFC 9112, section 7.1), decoded in place.</summary>
    private static class Chunks
    {
        /// <summary>
        /// Decodes <paramref name="raw"/> once it holds the last chunk, moving each chunk's data down over
        /// the framing (the output never overtakes the input). False while chunks are still to come; the
        /// buffer is only moved once the whole body is there, so a later call sees it as received.
        /// </summary>
        public static bool TryDecode(ArraySegment<byte> raw, out ArraySegment<byte> body)
        {
            body = default;
            var span = raw.AsSpan();
            var pos = 0;
            while (true)
            {
                var lineEnd = span[pos..].IndexOf("\r\n"u8);
                if (lineEnd < 0)
                {
                    return false;
                }

                ReadOnlySpan<byte> sizeText = span.Slice(pos, lineEnd);
                var extension = sizeText.IndexOf((byte)';');
                sizeText = TrimSpaces(extension >= 0 ? sizeText[..extension] : sizeText);
                if (!Utf8Parser.TryParse(sizeText, out long size, out var used, 'X') || used != sizeText.Length || size < 0)
                {
                    throw new IOException($"the answer's chunk size is not a number: '{Encoding.ASCII.GetString(sizeText)}'");
                }

                pos += lineEnd + 2;
                if (size == 0)
                {
                    // The last chunk, then optional trailers, then an empty line.
                    return span[pos..].IndexOf("\r\n"u8) is var trailerEnd and >= 0
                        && (trailerEnd == 0 || span[pos..].IndexOf("\r\n\r\n"u8) >= 0)
                        && Compact(raw, out body);
                }

                if (span.Length - pos < size + 2)
                {
                    return false;
                }

                if (span[(pos + (int)size)..].StartsWith("\r\n"u8) is false)
                {
                    throw new IOException("a chunk of the answer does not end where its size says");
                }

                pos += (int)size + 2;
            }
        }

        private static bool Compact(ArraySegment<byte> raw, out ArraySegment<byte> body)
        {
            var span = raw.AsSpan();
            var read = 0;
            var written = 0;
            while (true)
            {
                var lineEnd = span[read..].IndexOf("\r\n"u8);
                var sizeText = span.Slice(read, lineEnd);
                var extension = sizeText.IndexOf((byte)';');
                Utf8Parser.TryParse(TrimSpaces(extension >= 0 ? sizeText[..extension] : sizeText), out long size, out _, 'X');
                read += lineEnd + 2;
                if (size == 0)
                {
                    body = raw.Slice(0, written);
                    return true;
                }

                span.Slice(read, (int)size).CopyTo(span[written..]);
                written += (int)size;
                read += (int)size + 2;
            }
        }
    }
}
