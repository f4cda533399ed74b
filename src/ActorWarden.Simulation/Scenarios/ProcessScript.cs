using ActorWarden.Processes;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// What the scenario says about the processes of one service or one instance. Every setting is
/// optional so an instance's script can override only what differs from its service's script
/// (<see cref="Over"/>); a process with nothing scripted runs until it is stopped, like a healthy
/// daemon.
/// </summary>
public sealed record ProcessScript
{
    /// <summary>No script: processes run forever, answer their stop signal at once and are always healthy.</summary>
    public static ProcessScript None { get; } = new();

    /// <summary>Scripted exits on the virtual clock, ascending: the process running at <see cref="ScriptedExit.At"/> ends then.</summary>
    public IReadOnlyList<ScriptedExit>? Exits { get; init; }

    /// <summary>Windows of virtual time during which every health probe of the instance fails.</summary>
    public IReadOnlyList<TimeWindow>? HealthFails { get; init; }

    /// <summary>When set, every start fails with <see cref="ProcessStartException"/> carrying this reason (a missing binary).</summary>
    public string? ExecError { get; init; }

    /// <summary>Random crashes: exponentially distributed run times with this mean, drawn from the scenario seed.</summary>
    public CrashRate? CrashRate { get; init; }

    /// <summary>Each process runs exactly this long and then exits with <see cref="Lifetime.Code"/> (a batch job).</summary>
    public Lifetime? Lifetime { get; init; }

    /// <summary>How long a process takes to exit after its stop signal; <see cref="StopResponse.Never"/> ignores it, so only the kill ends it.</summary>
    public StopResponse? StopResponse { get; init; }

    /// <summary>
    /// With <c>ready = notify</c>: how long after its start each process sends READY=1; null in a script
    /// read from a file means "never" (<see cref="NotifyScript.ReadyNever"/>). Unset: at once.
    /// </summary>
    public NotifyScript? Notify { get; init; }

    /// <summary>This script with every unset setting taken from <paramref name="fallback"/> (instance over service).</summary>
    public ProcessScript Over(ProcessScript fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new ProcessScript
        {
            Exits = Exits ?? fallback.Exits,
            HealthFails = HealthFails ?? fallback.HealthFails,
            ExecError = ExecError ?? fallback.ExecError,
            CrashRate = CrashRate ?? fallback.CrashRate,
            Lifetime = Lifetime ?? fallback.Lifetime,
            StopResponse = StopResponse ?? fallback.StopResponse,
            Notify = Notify is null ? fallback.Notify : fallback.Notify is null ? Notify : Notify.Over(fallback.Notify),
        };
    }
}

/// <summary>The process of an instance that is running at <paramref name="At"/> ends then, with an exit code or killed by a signal.</summary>
/// <param name="At">Virtual time since the warden started.</param>
/// <param name="Code">Exit code (when <paramref name="Signal"/> is null).</param>
/// <param name="Signal">Terminating signal instead of an exit code (an OOM kill is SIGKILL).</param>
public sealed record ScriptedExit(TimeSpan At, int Code, ProcessSignal? Signal = null)
{
    /// <summary>The exit as the kernel would report it.</summary>
    public ProcessExit ToExit() => Signal is { } signal ? new ProcessExit(null, (int)signal, false) : new ProcessExit(Code, null, false);
}

/// <summary>A half-open window [From, To) of virtual time; To = null means until the end.</summary>
public sealed record TimeWindow(TimeSpan From, TimeSpan? To)
{
    /// <summary>True when <paramref name="t"/> lies inside the window.</summary>
    public bool Contains(TimeSpan t) => t >= From && (To is not { } to || t < to);
}

/// <summary>Crashes as a Poisson process: each process runs an exponentially distributed time with mean <paramref name="MeanTimeBetween"/>, then exits with <paramref name="Code"/>.</summary>
public sealed record CrashRate(TimeSpan MeanTimeBetween, int Code);

/// <summary>Every process runs for <paramref name="Duration"/> and exits with <paramref name="Code"/>.</summary>
public sealed record Lifetime(TimeSpan Duration, int Code);

/// <summary>How a process answers its stop signal: exit after <see cref="Delay"/>, or never (it ignores the signal).</summary>
public sealed record StopResponse(TimeSpan? Delay)
{
    /// <summary>Exits as soon as it is signalled (the default).</summary>
    public static StopResponse Immediate { get; } = new(TimeSpan.Zero);

    /// <summary>Ignores the stop signal: only the stop ladder's kill (after stop.timeout) ends it.</summary>
    public static StopResponse Never { get; } = new((TimeSpan?)null);
}
