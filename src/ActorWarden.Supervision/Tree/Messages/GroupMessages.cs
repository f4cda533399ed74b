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

/// <summary>
/// Reload: a member's new spec whose changes all apply in place (health, backoff, intensity, stop …):
/// the group and service supervisors and the instances take it; no process is stopped.
/// </summary>
public sealed record UpdateService(ServiceSpec Spec);

/// <summary>A service supervisor's new spec for its instances (see <see cref="UpdateService"/>).</summary>
public sealed record UpdateInstanceSpec(ServiceSpec Spec);
