using System.Globalization;
using System.Text;

namespace ActorWarden.Supervision.Logs.Syslog;

/// <summary>
/// Builds RFC 5424 messages: <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG</c>, with
/// PRI = facility × 8 + severity (stdout → info 6, stderr → err 3) and MSGID naming the stream. MSG is
/// sent as plain UTF-8 without a BOM (RFC 5424's MSG-ANY), which every common collector accepts as-is.
/// Header fields are reduced to the printable ASCII the RFC allows, so a strange service name cannot
/// break the framing.
/// </summary>
internal sealed class SyslogFormatter
{
    public const int SeverityInfo = 6;
    public const int SeverityError = 3;

    private readonly int _facility;
    private readonly string _hostname;
    private readonly string _appName;
    private readonly int _maxBytes;

    /// <param name="facility">0..23.</param>
    /// <param name="hostname">This machine's name.</param>
    /// <param name="appName">APP-NAME (the configured one, or the instance name).</param>
    /// <param name="maxBytes">Messages are truncated to this many bytes (at a character boundary).</param>
    public SyslogFormatter(int facility, string hostname, string appName, int maxBytes)
    {
        _facility = facility;
        _hostname = HeaderField(hostname, 255);
        _appName = HeaderField(appName, 48);
        _maxBytes = maxBytes;
    }

    public byte[] Format(LogStream stream, int pid, DateTimeOffset timestamp, string message)
    {
        var severity = stream == LogStream.Stderr ? SeverityError : SeverityInfo;
        var header = string.Create(
            CultureInfo.InvariantCulture,
            $"<{(_facility * 8) + severity}>1 {timestamp.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'} {_hostname} {_appName} {pid} {(stream == LogStream.Stderr ? "stderr" : "stdout")} - ");
        var headerBytes = Encoding.ASCII.GetByteCount(header);
        var messageBytes = Encoding.UTF8.GetByteCount(message);
        var total = Math.Min(headerBytes + messageBytes, Math.Max(_maxBytes, headerBytes));
        var result = new byte[headerBytes + messageBytes];
        Encoding.ASCII.GetBytes(header, result);
        Encoding.UTF8.GetBytes(message, result.AsSpan(headerBytes));
        if (total == result.Length)
        {
            return result;
        }

        var cut = total;
        while (cut > headerBytes && (result[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        return result.AsSpan(0, cut).ToArray();
    }

    /// <summary>RFC 5424 header fields are 1*PRINTUSASCII (33..126) with a maximum length; "-" means none.</summary>
    internal static string HeaderField(string value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "-";
        }

        var builder = new StringBuilder(Math.Min(value.Length, maxLength));
        foreach (var c in value)
        {
            if (builder.Length == maxLength)
            {
                break;
            }

            builder.Append(c is >= (char)33 and <= (char)126 ? c : '_');
        }

        return builder.ToString();
    }
}
