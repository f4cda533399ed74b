using System.CommandLine;
using ActorWarden.Cli.Blocking;
using ActorWarden.Cli.Output;
using ActorWarden.Config;
using ActorWarden.Contracts;
using ActorWarden.ControlPlane.Client;
using ActorWarden.ControlPlane.Client.Output;

namespace ActorWarden.Cli.Commands;

/// <summary>
/// The supervisorctl/systemctl side of the CLI: status, start/stop/restart, reload, logs, events —
/// all through the running warden's HTTP API, with the exit codes of <see cref="ExitCodes"/>.
/// </summary>
public static class OperatorCommands
{
    /// <summary>Each verb with the factory of its command, in help order (<see cref="CommandTree"/> builds only the one asked for).</summary>
    public static IEnumerable<(string Name, Func<Command> Create)> Verbs() =>
    [
        ("status", Status),
        ("start", () => Control(OperatorVerb.Start, "Start an instance, a service, a group or all, and wait until it runs", (c, t, ct) => c.StartAsync(t, null, ct))),
        ("stop", () => Control(OperatorVerb.Stop, "Stop an instance, a service, a group or all (it stays down until started), and wait until it stopped", (c, t, ct) => c.StopAsync(t, null, ct))),
        ("restart", () => Control(OperatorVerb.Restart, "Restart an instance, a service, a group or all, and wait until it runs again", (c, t, ct) => c.RestartAsync(t, null, ct))),
        ("reload", Reload),
        ("signal", Signal),
        ("logs", Logs),
        ("events", Events),
    ];

    private static Command Status()
    {
        var json = new Option<bool>("--json") { Description = "print every instance as JSON" };
        var command = new Command("status", "Show every instance: state, pid, uptime, restarts, last exit, health") { json };
        // Synchronous from the action down: a question answered in one request gains nothing from
        // async, and every suspended async method cost the process JIT work (WardenApiClient.GetStatus).
        command.SetAction(parse => Call(parse.GetValue(CliOptions.Config), client =>
        {
            if (parse.GetValue(json))
            {
                using var document = client.GetStatusDocument();
                IndentedJson.WriteLine(document, Console.Out);
            }
            else
            {
                StatusTable.Write(client.GetStatus(), Console.Out, color: !Console.IsOutputRedirected);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Control(OperatorVerb verb, string description, Func<WardenApiClient, string, CancellationToken, Task<ControlResult>> call)
    {
        var target = new Argument<string>("NAME") { Description = "instance (web-2), service, group, or all" };
        var noBlock = new Option<bool>("--no-block")
        {
            Description = "return once the warden accepted the command, without waiting for the target state",
        };
        var command = new Command(verb.ToString().ToLowerInvariant(), description) { target, noBlock };
        command.SetAction((parse, ct) => Call(parse.GetValue(CliOptions.Config), async client =>
        {
            var name = parse.GetValue(target)!;
            if (parse.GetValue(noBlock))
            {
                return Report(await call(client, name, ct));
            }

            var specs = ServiceSpecs(parse.GetValue(CliOptions.Config));
            BlockingCommand.Result result;
            try
            {
                result = await BlockingCommand.RunAsync(
                    client,
                    verb,
                    name,
                    token => call(client, name, token),
                    services => WaitBudget.For(verb, services.Select(s => specs.GetValueOrDefault(s) ?? new ServiceSpec { Name = s, Command = s })),
                    ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return Stderr.Fail(ExitCodes.Failed, $"interrupted before {name} reached its state; the warden carries on with the {verb.ToString().ToLowerInvariant()} (see `warden status`)");
            }

            return result.Command.Kind == ControlOutcome.Ok
                ? BlockingReport.Write(result, Console.Out, Console.Error)
                : Report(result.Command);
        }));
        return command;
    }

    /// <summary>The services of the config the warden was started with, for the wait budget; defaults when it cannot be read.</summary>
    private static Dictionary<string, ServiceSpec> ServiceSpecs(string? configPath)
    {
        try
        {
            return WardenConfigLoader.Load(ConfigLocator.Resolve(configPath)).Services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is WardenConfigException or IOException or UnauthorizedAccessException)
        {
            return new Dictionary<string, ServiceSpec>(StringComparer.Ordinal);
        }
    }

    private static Command Reload()
    {
        var target = new Argument<string?>("NAME")
        {
            Description = "reload this instance, service or group in place (its reload.signal or reload.command: same pid, no restart); without NAME, re-read the config",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("reload", "Re-read the config (start new services, stop removed ones, restart changed ones only), or with NAME reload that service's program in place") { target };
        command.SetAction((parse, ct) => Call(parse.GetValue(CliOptions.Config), async client => parse.GetValue(target) is { Length: > 0 } name
            ? Report(await client.ReloadServiceAsync(name, null, ct))
            : Report(await client.ReloadAsync(null, ct))));
        return command;
    }

    private static Command Signal()
    {
        var target = new Argument<string>("NAME") { Description = "instance (web-2), service, group, or all" };
        var signal = new Argument<string>("SIGNAL") { Description = "signal name or number: SIGHUP, HUP, USR1, TERM, RTMIN+1, 10" };
        var group = new Option<bool>("--group") { Description = "send to the whole process group instead of the main process alone" };
        var command = new Command("signal", "Send a signal to the main process (or with --group its process group) of an instance, a service, a group or all") { target, signal, group };
        command.SetAction((parse, ct) =>
        {
            // A signal that is no signal is a usage error whether or not a warden runs.
            var name = parse.GetValue(signal)!;
            return ActorWarden.Processes.SignalNames.TryParse(name, out var error) is null
                ? Task.FromResult(Stderr.Fail(ExitCodes.Usage, error))
                : Call(parse.GetValue(CliOptions.Config), async client => Report(await client.SignalAsync(parse.GetValue(target)!, name, parse.GetValue(group), null, ct)));
        });
        return command;
    }

    private static Command Logs()
    {
        var name = new Argument<string>("NAME") { Description = "instance (web-2), or service: every instance, each line prefixed with its name" };
        var follow = new Option<bool>("--follow", "-f") { Description = "keep printing lines as they are written" };
        var tail = new Option<int>("--tail", "-n") { Description = "lines of history to print (per instance)", DefaultValueFactory = _ => 100 };
        var stderr = new Option<bool>("--stderr") { Description = "show stderr instead of stdout" };
        var command = new Command("logs", "Print captured output: one instance, or every instance of a service") { name, follow, tail, stderr };
        command.SetAction((parse, ct) => Call(parse.GetValue(CliOptions.Config), async client =>
        {
            var sources = await LogSources.ResolveAsync(client, parse.GetValue(name)!, ct);
            var stream = parse.GetValue(stderr) ? "stderr" : "stdout";
            await LogSources.PrintAsync(client, sources, stream, parse.GetValue(tail), parse.GetValue(follow), Console.Out, ct);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Events()
    {
        var follow = new Option<bool>("--follow", "-f") { Description = "keep streaming events (default: stream until Ctrl+C)" };
        var command = new Command("events", "Stream the warden's events as JSON lines, in the shape of the events.jsonl file") { follow };
        command.SetAction((parse, ct) => Call(parse.GetValue(CliOptions.Config), async client =>
        {
            await foreach (var line in client.StreamEventLinesAsync(ct))
            {
                Console.Out.WriteLine(line);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static int Report(ControlResult result)
    {
        switch (result.Kind)
        {
            case ControlOutcome.Ok:
                Console.Out.WriteLine(result.Message);
                return ExitCodes.Ok;
            case ControlOutcome.Invalid:
                return Stderr.Fail(ExitCodes.Usage, result.Message);
            default:
                return Stderr.Fail(ExitCodes.Failed, result.Message);
        }
    }

    /// <summary><see cref="Call(string?, Func{WardenApiClient, Task{int}})"/> for a synchronous action.</summary>
    private static int Call(string? configPath, Func<WardenApiClient, int> action)
    {
        try
        {
            using var client = WardenEndpoint.Connect(configPath);
            return action(client);
        }
        catch (CliUsageException ex)
        {
            return Stderr.Fail(ExitCodes.Usage, ex.Message);
        }
        catch (WardenClientException ex)
        {
            return Stderr.Fail(ex.ExitCode, ex.Message);
        }
    }

    private static async Task<int> Call(string? configPath, Func<WardenApiClient, Task<int>> action)
    {
        try
        {
            using var client = WardenEndpoint.Connect(configPath);
            return await action(client);
        }
        catch (CliUsageException ex)
        {
            return Stderr.Fail(ExitCodes.Usage, ex.Message);
        }
        catch (WardenClientException ex)
        {
            return Stderr.Fail(ex.ExitCode, ex.Message);
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Ok;
        }
    }
}
