using System.Text;
using ActorWarden.Hocon.Lexing;

namespace ActorWarden.Hocon;

/// <summary>
/// Turns the tokens of a key or of a <c>${...}</c> into path elements: unquoted text splits on dots, quoted
/// text never does, and whitespace inside the expression is kept (the spec's <c>a b c : 1</c> key).
/// </summary>
internal static class PathBuilder
{
    public static HoconPath Build(IReadOnlyList<Token> tokens, string file, string what)
    {
        if (tokens.Count == 1 && IsSingleElement(tokens[0]))
        {
            return new HoconPath([tokens[0].Text]);
        }

        if (tokens.Count == 1 && tokens[0].Kind == TokenKind.Unquoted && IsPlainDotted(tokens[0].Text))
        {
            return new HoconPath(tokens[0].Text.Split('.'));
        }

        var elements = new List<string>();
        var current = new StringBuilder();
        var hasContent = false;
        var first = tokens.Count > 0 ? tokens[0] : default;
        foreach (var token in tokens)
        {
            if (token.Kind == TokenKind.Quoted)
            {
                current.Append(token.Text);
                hasContent = true;
                continue;
            }

            if (!token.IsKeyPart)
            {
                throw new HoconException(new HoconOrigin(file, token.Line, token.Column), $"expected {what}, found {token.Describe()}");
            }

            var column = token.Column;
            foreach (var c in token.Text)
            {
                if (c == '.' && token.Kind != TokenKind.Whitespace)
                {
                    if (!hasContent)
                    {
                        throw new HoconException(new HoconOrigin(file, token.Line, column), $"expected {what} without empty elements, found '.' with nothing before it (quote an empty key as \"\")");
                    }

                    elements.Add(current.ToString());
                    current.Clear();
                    hasContent = false;
                }
                else
                {
                    current.Append(c);
                    hasContent = true;
                }

                column++;
            }
        }

        if (!hasContent)
        {
            var last = tokens.Count > 0 ? tokens[^1] : first;
            var detail = tokens.Count == 0 ? "nothing" : "a trailing '.'";
            throw new HoconException(new HoconOrigin(file, last.Line, last.Column), $"expected {what}, found {detail}");
        }

        elements.Add(current.ToString());
        return new HoconPath(elements);
    }

    /// <summary>The common key: one quoted string, or one unquoted word without dots.</summary>
    private static bool IsSingleElement(Token token) =>
        token.Kind == TokenKind.Quoted
        || (token.Kind is TokenKind.Unquoted or TokenKind.Number or TokenKind.True or TokenKind.False or TokenKind.Null
            && token.Text.Length > 0 && !token.Text.Contains('.'));

    /// <summary><c>a.b.c</c> with no empty element: split directly.</summary>
    private static bool IsPlainDotted(string text) =>
        text.Length > 0 && text[0] != '.' && text[^1] != '.' && !text.Contains("..", StringComparison.Ordinal);
}
