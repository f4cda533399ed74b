namespace ActorWarden.Host.Install;

/// <summary>
/// The command that starts this warden again from a service manager: the apphost itself, or
/// <c>dotnet warden.dll</c> when running through the shared host.
/// </summary>
public static class WardenExecutable
{
    public static IReadOnlyList<string> Current()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot determine the path of the running warden executable");
        var name = Path.GetFileNameWithoutExtension(process);
        if (string.Equals(name, "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            var assembly = System.Reflection.Assembly.GetEntryAssembly()?.Location;
            if (!string.IsNullOrEmpty(assembly))
            {
                return new[] { process, assembly };
            }
        }

        return new[] { process };
    }

    /// <summary>
    /// The part of <paramref name="command"/> that lies in a .NET build output folder (…/bin/Release/…,
    /// …/bin/Debug/…, …/obj/…), or null: a service pointing there breaks on the next build or clean.
    /// </summary>
    public static string? BuildOutputIn(IReadOnlyList<string> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var part in command)
        {
            var segments = part.Split('/', '\\');
            for (var i = 0; i < segments.Length - 1; i++)
            {
                if (segments[i] == "obj" || (segments[i] == "bin" && segments[i + 1] is "Release" or "Debug"))
                {
                    return part;
                }
            }
        }

        return null;
    }
}
