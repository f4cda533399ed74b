namespace ActorWarden.Cli.Native;

/// <summary>
/// A command line the front answers itself: <c>status</c>, with <c>--json</c> after the verb and
/// <c>-c/--config FILE</c> anywhere, each at most once. Anything else, including help, a typo or a form
/// the full CLI accepts and this does not, is left to the managed warden, so the only answers the front
/// gives are ones the full CLI would give word for word.
/// </summary>
internal sealed record StatusQuestion(string? ConfigPath, bool Json)
{
    public static StatusQuestion? Parse(IReadOnlyList<string> args)
    {
        string? config = null;
        var sawVerb = false;
        var json = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "status" when !sawVerb:
                    sawVerb = true;
                    break;
                case "--json" when sawVerb && !json:
                    json = true;
                    break;
                case "-c" or "--config" when config is null && i + 1 < args.Count && IsValue(args[i + 1]):
                    config = args[++i];
                    break;
                default:
                    return null;
            }
        }

        return sawVerb ? new StatusQuestion(config, json) : null;
    }

    /// <summary>A value the full CLI would take as the file, not as an option or response file.</summary>
    private static bool IsValue(string arg) => arg.Length > 0 && arg[0] is not ('-' or '@');
}
