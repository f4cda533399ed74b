using System.Text;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes;

namespace ActorWarden.Supervision.Tree.Launch;

/// <summary>
/// Runs one of a service's commands (pre-start, post-stop, reload.command) the way the service itself
/// runs: its user, group, environment, working directory, limits and umask, from the instance's launch
/// plan. The output is kept (bounded) so a refusal such as <c>nginx -t</c>'s reaches the operator; at
/// the deadline the command's whole tree is killed.
/// </summary>
public static class HookCommand
{
    /// <summary>Output kept per stream; the rest is cut and marked.</summary>
    public const int MaxOutputBytes = 4096;

    /// <summary>Prepares the start spec of <paramref name="command"/> from the instance's plan; ${NAME} expands from its environment plus <paramref name="extra"/>.</summary>
    /// <exception cref="FormatException">The command is empty, a ${NAME} is undefined, or the program is not found.</exception>
    public static ProcessStartSpec Plan(
        LaunchPlan plan,
        IReadOnlyList<string> command,
        string setting,
        Func<string, string?, string?> resolveCommand,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(resolveCommand);
        if (command.Count == 0 || string.IsNullOrWhiteSpace(command[0]))
        {
            throw new FormatException($"{setting} is empty");
        }

        var env = new Dictionary<string, string>(plan.StartSpec.Environment, StringComparer.Ordinal);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var words = command.Select((word, i) => VariableExpander.Expand(word, env, $"{setting}[{i}]")).ToArray();
        env.TryGetValue("PATH", out var searchPath);
        var fileName = resolveCommand(words[0], searchPath)
            ?? throw new FormatException($"{setting}: '{words[0]}' was not found" + (Path.IsPathRooted(words[0]) ? string.Empty : $" on PATH ({searchPath ?? "<unset>"})"));
        return plan.StartSpec with
        {
            FileName = fileName,
            Arguments = words[1..],
            Environment = env,
            Nice = null,
            CaptureOutput = true,
        };
    }

    /// <summary>
    /// Runs <paramref name="spec"/> to its end, to <paramref name="timeout"/> or until <paramref name="cancellation"/>
    /// fires (the tree is killed at either); never throws for the command's own failure.
    /// </summary>
    public static async Task<HookOutcome> RunAsync(IProcessLauncher launcher, ProcessStartSpec spec, TimeSpan timeout, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(spec);
        var display = spec.Arguments.Count == 0 ? spec.FileName : $"{spec.FileName} {string.Join(' ', spec.Arguments)}";
        IChildProcess child;
        try
        {
            child = launcher.Start(spec);
        }
        catch (ProcessStartException e)
        {
            return new HookOutcome(display, null, false, string.Empty, e.Message);
        }

        using (child)
        {
            var stdout = DrainAsync(child.StandardOutput);
            var stderr = DrainAsync(child.StandardError);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            deadline.CancelAfter(timeout);
            await using var kill = deadline.Token.Register(static c => ((IChildProcess)c!).KillTree(), child).ConfigureAwait(false);
            var exit = await child.Exited.ConfigureAwait(false);
            var timedOut = deadline.IsCancellationRequested && !cancellation.IsCancellationRequested;

            // A daemon the command left behind may hold its pipes open: what is left of the tree goes.
            child.KillTree();
            var output = (await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false)).Trim();
            return new HookOutcome(display, exit, timedOut, output, null);
        }
    }

    private static async Task<string> DrainAsync(Stream? stream)
    {
        if (stream is null)
        {
            return string.Empty;
        }

        var kept = new MemoryStream();
        var buffer = new byte[4096];
        var cut = false;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                var room = MaxOutputBytes - (int)kept.Length;
                kept.Write(buffer, 0, Math.Min(room, read));
                cut |= read > room;
            }
        }
        catch (IOException)
        {
            // The pipe broke with the killed tree: keep what arrived.
        }

        var text = Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length);
        return cut ? text + " [output cut at " + MaxOutputBytes + " bytes]\n" : text;
    }
}

/// <summary>How a command of a service ended.</summary>
/// <param name="Display">The command line as run.</param>
/// <param name="Exit">Its exit, or null when it could not start.</param>
/// <param name="TimedOut">Killed at the deadline.</param>
/// <param name="Output">Its stdout then stderr, bounded and trimmed.</param>
/// <param name="StartError">Why it could not start, or null.</param>
public sealed record HookOutcome(string Display, ProcessExit? Exit, bool TimedOut, string Output, string? StartError)
{
    /// <summary>True when the command ran to exit code 0 within its deadline.</summary>
    public bool Succeeded => StartError is null && !TimedOut && Exit is { IsSuccess: true };

    /// <summary>What the pre-start and post-stop events report of this outcome.</summary>
    public HookReport ToReport() => new(Succeeded, Display, Exit?.ExitCode, Exit?.Signal, TimedOut, StartError, Output);

    /// <summary>One line for events and replies: what ran, how it ended, and its output.</summary>
    public string Describe()
    {
        var ending = StartError is not null ? $"could not start: {StartError}"
            : TimedOut ? "killed at the deadline (hook-timeout)"
            : Exit?.ToString() ?? "ended";
        return Output.Length == 0 ? $"'{Display}' {ending}" : $"'{Display}' {ending}: {Output}";
    }
}
