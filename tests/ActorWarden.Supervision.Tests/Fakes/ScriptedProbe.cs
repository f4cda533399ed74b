using ActorWarden.Supervision.Health;

namespace ActorWarden.Supervision.Tests.Fakes;

/// <summary>A health probe whose answer the test decides (synchronously, so virtual time stays deterministic).</summary>
public sealed class ScriptedProbe : IHealthProbe
{
    public volatile bool Healthy;

    public int Probes;

    public Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Probes);
        return Task.FromResult(Healthy ? ProbeResult.Pass("200 OK") : ProbeResult.Fail("connection refused"));
    }
}
