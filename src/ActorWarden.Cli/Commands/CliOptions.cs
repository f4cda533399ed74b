using System.CommandLine;
using ActorWarden.ControlPlane.Client;

namespace ActorWarden.Cli.Commands;

/// <summary>
/// Options shared by every verb. `-c FILE` is recursive so it goes before or after the verb, as
/// `systemctl -H host status` and `supervisorctl -c file status` take theirs before it.
/// </summary>
public static class CliOptions
{
    public static Option<string?> Config { get; } = new("--config", "-c")
    {
        Description = "config of the warden to run or talk to (default: $WARDEN_CONFIG or config/warden.conf)",
        Recursive = true,
    };

    /// <summary>The config file: a verb's own CONFIG argument, else -c, else the default lookup.</summary>
    public static string ResolveConfig(ParseResult parse, string? argument = null) =>
        ConfigLocator.Resolve(argument ?? parse.GetValue(Config));
}
