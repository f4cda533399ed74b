namespace ActorWarden.Processes;

/// <summary>
/// How a child ended, in the terms the kernel reports: either an exit code or a terminating signal.
/// Both are null when the exit could not be observed (an adopted process, which is not our child, so
/// its status is reaped by someone else).
/// </summary>
/// <param name="ExitCode">The value passed to exit(), when the process exited normally.</param>
/// <param name="Signal">The signal number that terminated the process, when it was killed.</param>
/// <param name="CoreDumped">True when the kernel wrote a core dump for the terminating signal.</param>
public sealed record ProcessExit(int? ExitCode, int? Signal, bool CoreDumped)
{
    /// <summary>An exit whose status is unknown (adopted processes).</summary>
    public static ProcessExit Unknown { get; } = new(null, null, false);

    /// <summary>True only for a normal exit with code 0.</summary>
    public bool IsSuccess => ExitCode == 0;

    /// <summary>One human-readable phrase, e.g. "exit code 3" or "killed by signal 9 (SIGKILL)".</summary>
    public override string ToString()
    {
        if (ExitCode is { } code)
        {
            return $"exit code {code}";
        }

        if (Signal is { } signal)
        {
            var name = Enum.IsDefined(typeof(ProcessSignal), signal) ? $" ({(ProcessSignal)signal})" : string.Empty;
            return $"killed by signal {signal}{name}{(CoreDumped ? ", core dumped" : string.Empty)}";
        }

        return "exit status unknown";
    }
}
