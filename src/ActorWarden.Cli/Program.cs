using System.CommandLine;
using ActorWarden.Cli.Commands;
using ActorWarden.Cli.Diagnostics;

namespace ActorWarden.Cli;

/// <summary>
/// Entry point of the <c>warden</c> executable: one binary that runs the supervisor (foreground,
/// systemd, Windows service) and operates it (status, start/stop, reload, logs, events, simulate).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            return await RunAsync(args);
        }
        finally
        {
            LoadedAssemblies.WriteIfAsked();
        }
    }

    private static async Task<int> RunAsync(string[] args)
    {
        WardenExecutablePath.Publish();
        var root = new RootCommand("ActorWarden: a process supervisor built as a supervision tree of actors") { CliOptions.Config };
        root.Add(RunCommand.Create());
        foreach (var command in OperatorCommands.Create())
        {
            root.Add(command);
        }

        root.Add(ConfigCommands.CreateValidate());
        root.Add(ConfigCommands.CreateConfig());
        root.Add(ServiceCommands.Create());
        root.Add(VersionCommand.Create());
        root.Add(DemoCommands.Create());
        root.Add(SimulateCommand.Create());

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine("warden: " + error.Message);
            }

            Console.Error.WriteLine("Try 'warden --help'.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync();
    }
}
