namespace ActorWarden.Cli.Output;

/// <summary>One clear line on stderr per failure, prefixed like other Unix tools so it is greppable in logs.</summary>
public static class Stderr
{
    public static int Fail(int exitCode, string message)
    {
        Console.Error.WriteLine("warden: " + message);
        return exitCode;
    }
}
