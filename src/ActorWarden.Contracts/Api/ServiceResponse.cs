namespace ActorWarden.Contracts.Api;

/// <summary>Body of <c>GET /v1/services/{name}</c>: wrapped in an object so fields can be added without breaking clients.</summary>
public sealed record ServiceResponse(string Name, IReadOnlyList<InstanceStatus> Instances);
