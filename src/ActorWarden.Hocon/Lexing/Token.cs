namespace ActorWarden.Hocon.Lexing;

/// <summary>
/// One token with its position. <see cref="Text"/> is the decoded string for quoted tokens and the source
/// text otherwise (numbers keep their exact spelling; keys are built from it).
/// </summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Line, int Column, HoconPath? Path = null, bool Optional = false)
{
    public bool IsValuePart => Kind is TokenKind.Unquoted or TokenKind.Quoted or TokenKind.Number
        or TokenKind.True or TokenKind.False or TokenKind.Null or TokenKind.Substitution
        or TokenKind.OpenBrace or TokenKind.OpenBracket;

    public bool IsKeyPart => Kind is TokenKind.Unquoted or TokenKind.Quoted or TokenKind.Number
        or TokenKind.True or TokenKind.False or TokenKind.Null or TokenKind.Whitespace;

    /// <summary>How the token is named in "found ..." parts of error messages.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of file",
        TokenKind.Newline => "end of line",
        TokenKind.Whitespace => "whitespace",
        TokenKind.Comma => "','",
        TokenKind.Colon => "':'",
        TokenKind.Equals => "'='",
        TokenKind.PlusEquals => "'+='",
        TokenKind.OpenBrace => "'{'",
        TokenKind.CloseBrace => "'}'",
        TokenKind.OpenBracket => "'['",
        TokenKind.CloseBracket => "']'",
        TokenKind.Quoted => $"string {HoconJsonWriter.Quote(Text)}",
        TokenKind.Substitution => Optional ? $"substitution ${{?{Path}}}" : $"substitution ${{{Path}}}",
        _ => $"'{Abbreviate(Text)}'",
    };

    private static string Abbreviate(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
