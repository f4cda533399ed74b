using System.Buffers;

namespace ActorWarden.Supervision.Logs;

/// <summary>Receives one complete line (without its terminator); the span is only valid during the call.</summary>
internal delegate void LineHandler(ReadOnlySpan<byte> line);

/// <summary>
/// Cuts a byte stream into lines at <c>\n</c> (dropping a <c>\r</c> before it), whatever arrives: lines
/// longer than the cap are split into cap-sized pieces (at a UTF-8 character boundary when one is
/// near), so one endless line or a binary blob costs at most <c>maxLineBytes</c> of memory. Bytes are
/// passed through untouched; decoding is the consumer's business.
/// </summary>
internal sealed class LineSplitter : IDisposable
{
    private readonly int _maxLineBytes;
    private byte[]? _pending;
    private int _pendingLength;

    public LineSplitter(int maxLineBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _maxLineBytes = maxLineBytes;
    }

    /// <summary>Feeds the next chunk; complete lines go to <paramref name="onLine"/>.</summary>
    public void Feed(ReadOnlySpan<byte> data, LineHandler onLine)
    {
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            var part = newline >= 0 ? data[..newline] : data;
            Append(part, onLine);
            if (newline < 0)
            {
                return;
            }

            var line = Pending;
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            onLine(line);
            _pendingLength = 0;
            data = data[(newline + 1)..];
        }
    }

    /// <summary>End of stream: a last line without a terminator is still a line.</summary>
    public void Flush(LineHandler onLine)
    {
        if (_pendingLength > 0)
        {
            onLine(Pending);
            _pendingLength = 0;
        }
    }

    public void Dispose()
    {
        if (_pending is not null)
        {
            ArrayPool<byte>.Shared.Return(_pending);
            _pending = null;
        }
    }

    private ReadOnlySpan<byte> Pending => _pending is null ? default : _pending.AsSpan(0, _pendingLength);

    private void Append(ReadOnlySpan<byte> part, LineHandler onLine)
    {
        while (!part.IsEmpty)
        {
            _pending ??= ArrayPool<byte>.Shared.Rent(_maxLineBytes);
            if (_pendingLength == _maxLineBytes)
            {
                // Full, and more of the same line follows: emit a piece, keep an incomplete character for the next one.
                var cut = Utf8CutPoint(_pending.AsSpan(0, _pendingLength));
                onLine(_pending.AsSpan(0, cut));
                _pending.AsSpan(cut, _pendingLength - cut).CopyTo(_pending);
                _pendingLength -= cut;
            }

            var take = Math.Min(part.Length, _maxLineBytes - _pendingLength);
            part[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            part = part[take..];
        }
    }

    /// <summary>Where to cut a full buffer so a multi-byte character is not torn in two (the whole buffer when none is torn).</summary>
    internal static int Utf8CutPoint(ReadOnlySpan<byte> buffer)
    {
        var start = buffer.Length - 1;
        var limit = Math.Max(0, buffer.Length - 4);
        while (start > limit && (buffer[start] & 0xC0) == 0x80)
        {
            start--;
        }

        if (start <= 0)
        {
            return buffer.Length;
        }

        var lead = buffer[start];
        var needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return lead >= 0xC0 && lead < 0xF8 && buffer.Length - start < needed ? start : buffer.Length;
    }
}
