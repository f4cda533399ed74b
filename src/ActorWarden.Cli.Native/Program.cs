namespace ActorWarden.Cli.Native;

/// <summary>
/// Entry point of <c>warden</c> in a Linux publish: answers <c>warden status</c> itself when it can,
/// else becomes the managed warden (<see cref="ManagedWarden"/>) with the same command line.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (StatusQuestion.Parse(args) is { } question && StatusAnswer.TryWrite(question, Console.Out, color: !Console.IsOutputRedirected))
        {
            return 0;
        }

        return ManagedWarden.Exec(Environment.GetCommandLineArgs()[0], args);
    }
}
