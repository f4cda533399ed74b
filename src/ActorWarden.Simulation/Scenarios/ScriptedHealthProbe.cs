using Akka.Actor;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Health;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// A health probe that answers from the scenario at the current virtual time: it fails inside the
/// instance's health-fails windows and passes otherwise. The HealthCheckActor around it is the real
/// one, so interval, timeout, start period and failure threshold behave exactly as in production.
/// Answers are completed tasks, cached, because a day of 5-second checks is millions of probes.
/// </summary>
public sealed class ScriptedHealthProbe : IHealthProbe
{
    private static readonly Task<ProbeResult> Healthy = Task.FromResult(ProbeResult.Pass("scenario: healthy"));
    private readonly ITimeProvider _clock;
    private readonly IReadOnlyList<TimeWindow> _failures;
    private readonly Task<ProbeResult>[] _failed;

    /// <summary>A probe reading the time from <paramref name="clock"/> and failing inside <paramref name="failures"/>.</summary>
    public ScriptedHealthProbe(ITimeProvider clock, IReadOnlyList<TimeWindow> failures)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _failures = failures ?? throw new ArgumentNullException(nameof(failures));
        _failed = failures.Select(w => Task.FromResult(ProbeResult.Fail(Describe(w)))).ToArray();
    }

    /// <inheritdoc />
    public Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var now = _clock.Monotonic;
        for (var i = 0; i < _failures.Count; i++)
        {
            if (_failures[i].Contains(now))
            {
                return _failed[i];
            }
        }

        return Healthy;
    }

    private static string Describe(TimeWindow window) =>
        window.To is { } to
            ? $"scenario: health fails from {SimTime.Short(window.From)} to {SimTime.Short(to)}"
            : $"scenario: health fails from {SimTime.Short(window.From)}";
}
