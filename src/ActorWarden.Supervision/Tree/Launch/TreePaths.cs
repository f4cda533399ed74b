namespace ActorWarden.Supervision.Tree.Launch;

/// <summary>
/// The actor paths tools and tests rely on: /user/warden/GROUP/SERVICE/INSTANCE. Kept in one place so
/// the status table and the actors agree.
/// </summary>
public static class TreePaths
{
    /// <summary>Name of the root actor of the tree under /user.</summary>
    public const string GuardianName = "warden";

    /// <summary>Path of the WardenGuardian.</summary>
    public const string Guardian = "/user/" + GuardianName;

    public static string Group(string group) => $"{Guardian}/{group}";

    public static string Service(string group, string service) => $"{Group(group)}/{service}";

    public static string Instance(string group, string service, string instance) => $"{Service(group, service)}/{instance}";
}
