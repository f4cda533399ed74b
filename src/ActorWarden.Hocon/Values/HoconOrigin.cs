namespace ActorWarden.Hocon;

/// <summary>
/// Where a value or key was written. Kept on every node so that errors found long after parsing
/// (schema binding, validation) can still point the user at the exact line of their file.
/// </summary>
/// <param name="File">The file name as the user gave it (or the origin name of a parsed string).</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column, counted in UTF-16 code units.</param>
public sealed record HoconOrigin(string File, int Line, int Column)
{
    /// <summary>Renders <c>file:line:column</c>, the prefix of every HOCON error message.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
