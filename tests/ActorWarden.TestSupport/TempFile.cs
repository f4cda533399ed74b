namespace ActorWarden.TestSupport;

/// <summary>Text that a loader must read from disk (config files resolve includes and paths against their folder).</summary>
public static class TempFile
{
    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="fileName"/> in a fresh temp folder, returns what
    /// <paramref name="read"/> makes of its path, and removes the folder whatever happens.
    /// </summary>
    public static T Read<T>(string text, string fileName, Func<string, T> read)
    {
        var directory = Directory.CreateTempSubdirectory("warden-test-").FullName;
        try
        {
            var path = Path.Combine(directory, fileName);
            File.WriteAllText(path, text);
            return read(path);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
