namespace ActorWarden.Supervision.Health;

/// <summary>
/// The outcome of one probe. Probes report failure as a value, never as an exception, so a broken
/// endpoint is ordinary data for the health check and only the threshold decides what is a crash.
/// </summary>
/// <param name="Healthy">True when the probe passed.</param>
/// <param name="Detail">What was observed, in words an operator can act on.</param>
public readonly record struct ProbeResult(bool Healthy, string Detail)
{
    /// <summary>A passing result.</summary>
    public static ProbeResult Pass(string detail) => new(true, detail);

    /// <summary>A failing result.</summary>
    public static ProbeResult Fail(string detail) => new(false, detail);
}
