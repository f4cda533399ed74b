using ActorWarden.Config;

namespace ActorWarden.Supervision.Tree.Messages;

/// <summary>Reload: add a member service to a running group (appended after the existing members).</summary>
public sealed record AddService(ServiceSpec Spec, ServiceStart Start);

/// <summary>Reload: remove a member service, whose processes a stop wave has ended.</summary>
public sealed record RemoveService(string Service);

/// <summary>Reload: replace a member's spec once a stop wave has ended its processes; the new instances begin as <paramref name="Start"/> says.</summary>
public sealed record ReplaceService(ServiceSpec Spec, ServiceStart Start);

/// <summary>
/// A service or group actor is to end (a reload replaced or removed it): it first has every process of
/// its instances stopped and its instance actors retired, then stops itself, so no actor ever ends while
/// it owns a process and no successor starts beside one.
/// </summary>
public sealed record Retire(string Reason)
{
    public static Retire ForReload { get; } = new("reloaded");
}

/// <summary>Told to the guardian by a reload's successor service actor once its instance actors exist (their paths resolve).</summary>
public sealed record ServiceReplaced(string Service);

/// <summary>
/// Reload: a member's new spec whose changes all apply in place (health, backoff, intensity, stop …):
/// the group and service supervisors and the instances take it; no process is stopped.
/// </summary>
public sealed record UpdateService(ServiceSpec Spec);

/// <summary>A service supervisor's new spec for its instances (see <see cref="UpdateService"/>).</summary>
public sealed record UpdateInstanceSpec(ServiceSpec Spec);
