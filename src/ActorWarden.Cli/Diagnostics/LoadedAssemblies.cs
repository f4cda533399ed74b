namespace ActorWarden.Cli.Diagnostics;

/// <summary>
/// A hidden diagnostic: with <c>WARDEN_LOADED_ASSEMBLIES=FILE</c> set, the command writes the names of
/// the assemblies it loaded into FILE as it ends, one a line. It is how a test proves what a command
/// costs, e.g. that `warden status` loads neither ASP.NET Core, Akka nor the supervision assembly.
/// </summary>
internal static class LoadedAssemblies
{
    public const string Variable = "WARDEN_LOADED_ASSEMBLIES";

    public static void WriteIfAsked()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } path)
        {
            return;
        }

        var names = AppDomain.CurrentDomain.GetAssemblies()
            .Select(a => a.GetName().Name ?? "")
            .Order(StringComparer.Ordinal);
        File.WriteAllLines(path, names);
    }
}
