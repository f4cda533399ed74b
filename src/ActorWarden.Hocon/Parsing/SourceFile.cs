namespace ActorWarden.Hocon.Parsing;

/// <summary>
/// A document being parsed: the name shown in messages (as the user gave it) and, for real files, the
/// absolute path that relative includes and cycle detection work from.
/// </summary>
internal sealed record SourceFile(string DisplayName, string? FullPath)
{
    public string? FullDirectory => FullPath is null ? null : Path.GetDirectoryName(FullPath);

    public string DisplayDirectory => FullPath is null ? string.Empty : Path.GetDirectoryName(DisplayName) ?? string.Empty;
}
