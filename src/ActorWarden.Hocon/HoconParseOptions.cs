namespace ActorWarden.Hocon;

/// <summary>
/// How a document is read. The defaults follow the HOCON specification; the switches exist because a
/// supervisor must be able to refuse environment lookups and includes from untrusted locations.
/// </summary>
public sealed record HoconParseOptions
{
    /// <summary>The options used when none are given.</summary>
    public static HoconParseOptions Default { get; } = new();

    /// <summary>When true, <c>${X}</c> and <c>${?X}</c> fall back to environment variables when X is not in the config.</summary>
    public bool UseEnvironment { get; init; } = true;

    /// <summary>Replaces the process environment for lookups (tests, sandboxes). Null means the real environment.</summary>
    public Func<string, string?>? EnvironmentLookup { get; init; }

    /// <summary>When false, any <c>include</c> statement is an error.</summary>
    public bool AllowIncludes { get; init; } = true;

    /// <summary>When set, included files must lie inside this folder; anything outside (for example through <c>../</c>) is an error.</summary>
    public string? IncludeRoot { get; init; }

    /// <summary>
    /// Base folder for <c>include file("relative")</c> and for includes inside parsed strings. Null means
    /// <see cref="IncludeRoot"/> when set, else the process working directory (the spec's rule for <c>file()</c>);
    /// hosts set it so results do not depend on where they were started.
    /// </summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>When false, the returned <see cref="Config"/> keeps its substitutions until <see cref="Config.Resolve"/> is called.</summary>
    public bool Resolve { get; init; } = true;

    /// <summary>Deepest nesting of objects, arrays and path segments accepted, so hostile input gets an error instead of exhausting the stack.</summary>
    public int MaxDepth { get; init; } = 512;

    /// <summary>Deepest chain of nested includes, as the reference implementation (50) does; stops include cycles.</summary>
    public int MaxIncludeDepth { get; init; } = 50;

    internal string? LookupEnvironment(string name)
    {
        if (!UseEnvironment || name.Length == 0 || name.Contains('\0') || name.Contains('='))
        {
            return null;
        }

        return EnvironmentLookup is { } lookup ? lookup(name) : Environment.GetEnvironmentVariable(name);
    }
}
