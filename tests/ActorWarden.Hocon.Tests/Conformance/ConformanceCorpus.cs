namespace ActorWarden.Hocon.Tests.Conformance;

/// <summary>
/// Locates the HOCON conformance corpus the repository carries (Conformance/corpus, see its ORIGIN.md):
/// walk up from the test assembly to the repository root (the folder holding ActorWarden.sln). A missing
/// corpus is a failure.
/// </summary>
internal static class ConformanceCorpus
{
    private static readonly Lazy<string?> Located = new(Locate);

    /// <summary>The corpus folder, or null when it cannot be found.</summary>
    public static string? Folder => Located.Value;

    public static string RequireFolder() =>
        Folder ?? throw new InvalidOperationException(
            $"HOCON conformance corpus not found: expected tests/ActorWarden.Hocon.Tests/Conformance/corpus under the repository root (searched up from {AppContext.BaseDirectory})");

    /// <summary>Reads a tab-separated table (header skipped) as (line number, columns).</summary>
    public static IEnumerable<(int Line, string[] Columns)> ReadTable(string relativePath)
    {
        var lines = File.ReadAllLines(Path.Combine(RequireFolder(), relativePath));
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length > 0)
            {
                yield return (i + 1, lines[i].Split('\t'));
            }
        }
    }

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ActorWarden.sln")))
            {
                var corpus = Path.GetFullPath(Path.Combine(dir.FullName, "tests", "ActorWarden.Hocon.Tests", "Conformance", "corpus"));
                return Directory.Exists(corpus) ? corpus : null;
            }
        }

        return null;
    }
}
