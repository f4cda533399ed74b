namespace ActorWarden.Hocon.Parsing;

/// <summary>The spec's include forms; <see cref="Classpath"/> is read relative to the including file since there is no classpath here.</summary>
internal enum IncludeKind
{
    Heuristic,
    File,
    Classpath,
    Url,
}
