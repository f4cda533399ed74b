namespace ActorWarden.Hocon.Lexing;

/// <summary>The lexical categories of HOCON; whitespace and newlines are tokens because they decide concatenation and field separation.</summary>
internal enum TokenKind
{
    End,
    Newline,
    Whitespace,
    Comma,
    Colon,
    Equals,
    PlusEquals,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Unquoted,
    Quoted,
    Number,
    True,
    False,
    Null,
    Substitution,
}
