using ActorWarden.ControlPlane.Client;

namespace ActorWarden.Cli.Output;

/// <summary>
/// What `warden logs NAME` reads. An instance name is that instance alone; a service name is every
/// instance of it, each line prefixed with the instance's name (as `docker compose logs` does and as
/// `journalctl -u` shows every process of a unit), so a farm never silently shows only its first member.
/// </summary>
public static class LogSources
{
    public static async Task<IReadOnlyList<LogSource>> ResolveAsync(WardenApiClient client, string name, CancellationToken ct)
    {
        var status = await client.GetStatusAsync(ct);
        var instance = status.Instances.FirstOrDefault(i => i.Name == name);
        if (instance is not null)
        {
            return [new LogSource(instance.Service, instance.Name, Prefix: null)];
        }

        var members = status.Instances.Where(i => i.Service == name).Select(i => i.Name).ToList();
        if (members.Count <= 1)
        {
            // An unknown name goes to the API as it is, which answers 404 with the names it knows.
            return [new LogSource(name, members.Count == 1 ? members[0] : null, Prefix: null)];
        }

        var width = members.Max(m => m.Length);
        return members.Select(m => new LogSource(name, m, m.PadRight(width) + " | ")).ToList();
    }

    /// <summary>
    /// Prints every source's tail, one source after another; with <paramref name="follow"/> all sources
    /// stream at once and lines interleave as they arrive (each whole line written under one lock).
    /// </summary>
    public static async Task PrintAsync(WardenApiClient client, IReadOnlyList<LogSource> sources, string stream, int tail, bool follow, TextWriter output, CancellationToken ct)
    {
        var gate = new object();
        async Task Print(LogSource source)
        {
            await foreach (var line in client.StreamLogsAsync(source.Service, source.Instance, stream, tail, follow, ct))
            {
                lock (gate)
                {
                    output.WriteLine(source.Prefix + line);
                }
            }
        }

        if (follow)
        {
            await Task.WhenAll(sources.Select(Print));
            return;
        }

        foreach (var source in sources)
        {
            await Print(source);
        }
    }
}

/// <summary>One instance's log as `warden logs` prints it; <see cref="Prefix"/> is null for a single instance.</summary>
public sealed record LogSource(string Service, string? Instance, string? Prefix);
