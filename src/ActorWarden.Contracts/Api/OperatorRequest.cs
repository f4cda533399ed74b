namespace ActorWarden.Contracts.Api;

/// <summary>
/// Optional JSON body of the command endpoints. The reason is written to the warden's log next to the
/// command, the way change tickets are quoted in an audit trail.
/// </summary>
public sealed record OperatorRequest(string? Reason);
