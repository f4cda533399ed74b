using System.Globalization;
using ActorWarden.Contracts;

namespace ActorWarden.Cli.Blocking;

/// <summary>
/// Prints one line per instance once a blocking command settled — the target state on stdout, a
/// failure (Fatal, the deadline) on stderr — and picks the exit code: 0 only when every instance got there.
/// </summary>
public static class BlockingReport
{
    public static int Write(BlockingCommand.Result result, TextWriter stdout, TextWriter stderr)
    {
        var exitCode = ExitCodes.Ok;
        foreach (var wait in result.Instances)
        {
            if (wait.Outcome == WaitOutcome.Reached)
            {
                stdout.WriteLine(Reached(wait));
            }
            else
            {
                stderr.WriteLine("warden: " + Failed(wait, result.Deadline));
                exitCode = ExitCodes.Failed;
            }
        }

        if (result.Instances.Count == 0)
        {
            stdout.WriteLine(result.Command.Message);
        }

        return exitCode;
    }

    private static string Reached(InstanceWait wait)
    {
        var line = $"{wait.Name}: {Name(wait.State)}";
        if (wait.State == ProcessState.Running && wait.Pid is { } pid)
        {
            line += $" (pid {pid.ToString(CultureInfo.InvariantCulture)})";
        }

        if (wait.Killed is { } killed)
        {
            line += wait.State == ProcessState.Running ? $"; the previous process was killed: {killed}" : $" (killed: {killed})";
        }

        return line;
    }

    private static string Failed(InstanceWait wait, TimeSpan deadline)
    {
        var target = Name(wait.Target);
        var reason = string.IsNullOrEmpty(wait.Reason) ? "" : $": {wait.Reason}";
        return wait.TimedOut
            ? $"{wait.Name}: still {Name(wait.State)} after {deadline.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s, not {target}{reason}"
            : $"{wait.Name}: {Name(wait.State)}, not {target}{reason}";
    }

    private static string Name(ProcessState? state) => state?.ToString().ToLowerInvariant() ?? "unknown";
}
