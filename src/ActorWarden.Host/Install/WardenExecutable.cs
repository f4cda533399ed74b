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
}
