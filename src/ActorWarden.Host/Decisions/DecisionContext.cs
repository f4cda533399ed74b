
namespace ActorWarden.Host.Decisions;

/// <summary>
/// What the wording of an event needs beyond the event itself: whether an exit code counts as
/// success for its service (supervisord's <c>exitcodes</c>: "expected"), and the instance's previous
/// health verdict, so a healthy verdict after a failing one reads "recovered".
/// </summary>
/// <param name="IsSuccessExit">Service name and exit code → true when the code is in the service's success-exit-codes.</param>
/// <param name="PreviousHealth">The last health state seen for the event's instance, or null.</param>
public sealed record DecisionContext(Func<string?, int, bool> IsSuccessExit, HealthState? PreviousHealth)
{
    /// <summary>Exit code 0 is success, nothing else; no health seen yet.</summary>
    public static DecisionContext Default { get; } = new((_, code) => code == 0, null);
}
