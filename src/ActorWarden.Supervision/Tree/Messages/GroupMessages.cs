using ActorWarden.Supervision.Specs;

namespace ActorWarden.Supervision.Tree.Messages;

/// <summary>Reload: add a member service to a running group (appended after the existing members).</summary>
public sealed record AddService(ServiceSpec Spec, ServiceStart Start);

/// <summary>Reload: remove a member service, whose processes a stop wave has ended.</summary>
public sealed record RemoveService(string Service);

/// <summary>Reload: replace a member's spec once a stop wave has ended its processes; the new instances begin as <paramref name="Start"/> says.</summary>
public sealed record ReplaceService(ServiceSpec Spec, ServiceStart Start);

