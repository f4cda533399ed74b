
namespace ActorWarden.Supervision.Health;

/// <summary>
/// Told by <see cref="HealthCheckActor"/> to its parent (the instance's ProcessActor) each time the
/// health state changes, and only then, so the parent can publish one event per transition and release
/// dependants waiting for <see cref="HealthState.Healthy"/> without polling. The initial
/// <see cref="HealthState.Starting"/> state is implied by the check's creation and is not announced.
/// The final <see cref="HealthState.Unhealthy"/> can arrive after the <see cref="HealthCheckFailedException"/>
/// it accompanies (see <see cref="HealthCheckActor"/>); the sender and <paramref name="Run"/> identify the
/// check and the process it was checking.
/// </summary>
/// <param name="Instance">The instance the check belongs to (e.g. <c>web-2</c>).</param>
/// <param name="State">The new state.</param>
/// <param name="Detail">Human-readable reason: the probe's own words (HTTP status, connect error, exit code, timeout).</param>
/// <param name="Run">Which of the instance's processes the check was checking: a notice sent just before the
/// process ended can reach the parent after the next one started, and must not count for it.</param>
public sealed record HealthChanged(string Instance, HealthState State, string Detail, long Run = 0);
