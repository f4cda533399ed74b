using ActorWarden.Hocon.Lexing;

namespace ActorWarden.Hocon;

/// <summary>Parses the path strings callers pass to <see cref="Config"/> getters, with the same syntax as keys (<c>a."b.c".d</c>).</summary>
internal static class PathExpression
{
    public static HoconPath Parse(string path, HoconOrigin errorOrigin)
    {
        ArgumentNullException.ThrowIfNull(path);
        List<Token> tokens;
        try
        {
            tokens = Tokenizer.Tokenize(path, "<path>");
        }
        catch (HoconException ex)
        {
            throw new HoconException(errorOrigin, $"expected a valid path expression, found \"{path}\": {ex.Detail}");
        }

        var parts = tokens.Where(t => t.Kind != TokenKind.End).ToList();
        if (parts.Count == 0 || parts.Any(t => !t.IsKeyPart || t.Kind == TokenKind.Whitespace))
        {
            throw new HoconException(errorOrigin, $"expected a path expression like a.b.c, found \"{path}\"");
        }

        try
        {
            return PathBuilder.Build(parts, "<path>", "a path expression");
        }
        catch (HoconException ex)
        {
            throw new HoconException(errorOrigin, $"expected a valid path expression, found \"{path}\": {ex.Detail}");
        }
    }
}
