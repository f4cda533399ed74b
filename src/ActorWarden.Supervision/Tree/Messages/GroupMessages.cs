using ActorWarden.Supervision.Specs;

namespace ActorWarden.Supervision.Tree.Messages;

/// <summary>Reload: add a member service to a running group (appended after the existing members).</summary>
public sealed record AddService(ServiceSpec Spec);

/// <summary>Reload: remove a member service; its instances are stopped through the stop ladder.</summary>
public sealed record RemoveService(string Service);

/// <summary>Reload: replace a member's spec; its instances restart with the new one once the old processes are gone.</summary>
public sealed record ReplaceService(ServiceSpec Spec);

/// <summary>
/// A group restarted <paramref name="Services"/> (one-for-all or rest-for-one) and every process they ran
/// is gone: the guardian starts them again in dependency order, as at warden start.
/// </summary>
public sealed record ServicesRestarted(IReadOnlyList<string> Services);
