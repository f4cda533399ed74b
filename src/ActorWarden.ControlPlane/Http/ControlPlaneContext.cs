using ActorWarden.Contracts.Control;
using Microsoft.Extensions.Logging;

namespace ActorWarden.ControlPlane.Http;

/// <summary>What every endpoint needs, resolved once per server rather than per request.</summary>
internal sealed record ControlPlaneContext(
    IWardenControl Control,
    ControlPlaneOptions Options,
    TimeProvider Time,
    ILogger Logger,
    CancellationToken ServerStopping);
