namespace ActorWarden.Supervision.Tests.Specs;

/// <summary>A config file in its own temp folder, deleted with the test.</summary>
internal sealed class TempConfig : IDisposable
{
    public TempConfig(string text, string name = "warden.conf")
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("warden-spec-").FullName;
        Path = System.IO.Path.Combine(Directory, name);
        File.WriteAllText(Path, text);
    }

    public string Directory { get; }

    public string Path { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
