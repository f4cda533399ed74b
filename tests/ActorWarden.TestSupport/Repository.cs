namespace ActorWarden.TestSupport;

/// <summary>The checkout the tests run from, for the data it carries (examples, docs, the corpus), so a plain clone is enough.</summary>
public static class Repository
{
    /// <summary>The folder holding ActorWarden.sln, found upwards from the test assembly.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ActorWarden.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ActorWarden.sln not found above " + AppContext.BaseDirectory);
    }
}
