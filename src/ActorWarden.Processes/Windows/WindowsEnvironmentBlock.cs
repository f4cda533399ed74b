using System.Text;

namespace ActorWarden.Processes.Windows;

/// <summary>
/// The CREATE_UNICODE_ENVIRONMENT block: "NAME=value\0" entries sorted case-insensitively (as
/// CreateProcess documents), terminated by an extra "\0".
/// </summary>
internal static class WindowsEnvironmentBlock
{
    public static string Build(IReadOnlyDictionary<string, string> environment)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (name.Length == 0 || name.IndexOf('=', 1) >= 0 || name.Contains('\0', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"environment variable '{name}' cannot be passed to a Windows process (empty name, '=' in the name or a NUL character)");
            }

            builder.Append(name).Append('=').Append(value).Append('\0');
        }

        if (environment.Count == 0)
        {
            builder.Append('\0');
        }

        return builder.Append('\0').ToString();
    }
}
