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
        // Before the command line is built and parsed, which the re-run does again.
        if (args is ["simulate", ..] && WithoutTieredPgo.Rerun() is { } code)
        {
            return code;
        }

        WardenExecutablePath.Publish();
        var root = CommandTree.For(args);
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
