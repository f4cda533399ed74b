using System.Text;

namespace ActorWarden.Hocon.Parsing;

/// <summary>Decodes file bytes as strict UTF-8 so that a corrupt file is reported at the line and column of the bad byte instead of being silently altered.</summary>
internal static class SourceText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(byte[] bytes, string displayName)
    {
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            var offset = Math.Clamp(ex.Index, 0, bytes.Length);
            var before = Encoding.UTF8.GetString(bytes, 0, offset);
            var line = 1 + before.Count(c => c == '\n');
            var column = before.Length - (before.LastIndexOf('\n') + 1) + 1;
            throw new HoconException(new HoconOrigin(displayName, line, column), $"expected UTF-8 text, found an invalid byte sequence at byte offset {offset}");
        }
    }

    public static string Read(string fullPath, string displayName, HoconOrigin errorOrigin)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            throw new HoconException(errorOrigin, $"expected a readable file {displayName}, found: {ex.Message}", ex);
        }

        return Decode(bytes, displayName);
    }
}
