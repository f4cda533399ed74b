namespace ActorWarden.Config;

/// <summary>Builds HOCON path expressions from user-chosen names (services, env vars, exit codes) that may contain dots or other special characters.</summary>
internal static class KeyPath
{
    public static string Quote(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? key
            : "\"" + key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
