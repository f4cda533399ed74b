namespace ActorWarden.Cli;

/// <summary>Entry point of the <c>warden</c> executable.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("warden " + typeof(Program).Assembly.GetName().Version);
        return 0;
    }
}
