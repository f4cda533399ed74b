namespace ActorWarden.Config;

/// <summary>Resolves relative paths in the config against base-directory, once, so the runtime only ever sees absolute paths.</summary>
internal sealed class PathResolver
{
    public PathResolver(string baseDirectory)
    {
        BaseDirectory = Path.GetFullPath(baseDirectory);
    }

    public string BaseDirectory { get; }

    public string Resolve(string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(BaseDirectory, path));
}
