using System.CommandLine;
using System.Reflection;

namespace ActorWarden.Cli.Commands;

/// <summary>`warden version`: the version, runtime and OS, which is what a bug report needs first.</summary>
public static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the warden version, .NET runtime and OS");
        command.SetAction(_ =>
        {
            var assembly = typeof(VersionCommand).Assembly;
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "unknown";
            Console.Out.WriteLine($"warden {version} (.NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture})");
            return ExitCodes.Ok;
        });
        return command;
    }
}
