using System.CommandLine;

namespace ActorWarden.Cli.Commands;

/// <summary>
/// The verbs of `warden`, in help order. When the first argument names a verb, only that verb's
/// command is built: building all of them (their options, generic over int, int? and bool) cost every
/// `warden status` about 8 ms of its start. Anything else (`--help`, `-c FILE status`, a typo) gets
/// the whole tree, so help, suggestions and errors are those of the full CLI.
/// </summary>
public static class CommandTree
{
    public static IReadOnlyList<(string Name, Func<Command> Create)> Verbs { get; } =
    [
        ("run", RunCommand.Create),
        .. OperatorCommands.Verbs(),
        ("validate", ConfigCommands.CreateValidate),
        ("config", ConfigCommands.CreateConfig),
        ("service", ServiceCommands.Create),
        ("version", VersionCommand.Create),
        ("demo", DemoCommands.Create),
        ("simulate", SimulateCommand.Create),
    ];

    public static RootCommand For(IReadOnlyList<string> args)
    {
        var root = new RootCommand("ActorWarden: a process supervisor built as a supervision tree of actors") { CliOptions.Config };
        foreach (var (name, create) in Verbs)
        {
            if (args.Count == 0 || !IsVerb(args[0]) || args[0] == name)
            {
                root.Add(create());
            }
        }

        return root;
    }

    private static bool IsVerb(string arg)
    {
        foreach (var (name, _) in Verbs)
        {
            if (name == arg)
            {
                return true;
            }
        }

        return false;
    }
}
