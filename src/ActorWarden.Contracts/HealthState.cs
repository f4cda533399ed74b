namespace ActorWarden.Contracts;

/// <summary>
/// What the health check currently believes about an instance. A supervisor needs three values, not two:
/// a freshly started process that has not yet answered is neither healthy (dependants must keep waiting)
/// nor unhealthy (it must not be restarted while it is still warming up).
/// </summary>
public enum HealthState
{
    /// <summary>No probe has succeeded yet; failures inside the start period do not count.</summary>
    Starting,

    /// <summary>The last probe succeeded.</summary>
    Healthy,

    /// <summary>Consecutive failures reached the threshold; the check is about to fail the instance.</summary>
    Unhealthy,
}
