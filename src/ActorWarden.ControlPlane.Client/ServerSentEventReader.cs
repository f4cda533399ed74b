using System.Text;

namespace ActorWarden.ControlPlane.Client;

/// <summary>
/// Minimal server-sent-events parser (the subset the warden sends): joins <c>data:</c> lines until a
/// blank line, ignores comments and other fields.
/// </summary>
internal sealed class ServerSentEventReader
{
    private readonly TextReader _reader;

    public ServerSentEventReader(TextReader reader)
    {
        _reader = reader;
    }

    /// <summary>The data of the next event, or null at the end of the stream.</summary>
    public async Task<string?> ReadEventDataAsync(CancellationToken cancellationToken)
    {
        var data = new StringBuilder();
        var hasData = false;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                return hasData ? data.ToString() : null;
            }

            if (line.Length == 0)
            {
                if (hasData)
                {
                    return data.ToString();
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                if (hasData)
                {
                    data.Append('\n');
                }

                var value = line.AsSpan(5);
                data.Append(value.StartsWith(" ") ? value[1..] : value);
                hasData = true;
            }
        }
    }
}
