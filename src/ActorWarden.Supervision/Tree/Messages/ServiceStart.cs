namespace ActorWarden.Supervision.Tree.Messages;

/// <summary>
/// How the instances of a new service actor begin: those named in <paramref name="Wanted"/> are wanted
/// up, and <paramref name="Held"/> ones wait for the guardian's resume (after a reload, they start in
/// dependency order once the old processes are gone and their dependencies are up).
/// </summary>
public sealed record ServiceStart(IReadOnlySet<string> Wanted, bool Held)
{
    /// <summary>Nothing wanted, nothing held: the guardian starts what autostarts, in order.</summary>
    public static ServiceStart Fresh { get; } = new(new HashSet<string>(StringComparer.Ordinal), false);

    /// <summary>Every instance wanted and held (a service a reload added with autostart on).</summary>
    public static ServiceStart HeldWanted(IEnumerable<string> instances) => new(instances.ToHashSet(StringComparer.Ordinal), true);
}
