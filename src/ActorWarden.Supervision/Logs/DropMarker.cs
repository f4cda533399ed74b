using System.Globalization;
using System.Text;

namespace ActorWarden.Supervision.Logs;

/// <summary>
/// The line written into a log file where output is missing, so a reader of the file sees the hole
/// (and its size) exactly where it is, as journald's "Suppressed N messages" does.
/// </summary>
internal static class DropMarker
{
    /// <summary>The common start of every marker line, for readers that look for holes.</summary>
    public const string Prefix = "--- warden: ";

    /// <summary><c>--- warden: 1200 lines (86400 bytes) dropped here: rate limit of 1000 lines per 1s ---</c></summary>
    public static byte[] Line(long lines, long bytes, string why) =>
        Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"{Prefix}{lines} line{(lines == 1 ? "" : "s")} ({bytes} bytes) dropped here: {why} ---"));
}
