using System.Text;

namespace ActorWarden.Hocon.Lexing;

/// <summary>
/// Splits HOCON text into tokens in one pass. Comments are dropped here; whitespace and newlines are kept
/// as tokens because the parser needs them for value concatenation and field separation.
/// </summary>
internal sealed class Tokenizer
{
    /// <summary>Characters that end unquoted text (the spec's forbidden set).</summary>
    private const string Forbidden = "$\"{}[]:=,+#`^?!@*&\\";

    /// <summary>Runs of spaces are the most common whitespace tokens; sharing their strings keeps a 5 MB parse lean.</summary>
    private static readonly string[] Spaces = Enumerable.Range(0, 65).Select(n => new string(' ', n)).ToArray();

    private readonly string _text;
    private readonly string _file;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    public Tokenizer(string text, string file)
    {
        _text = text;
        _file = file;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            _pos = 1;
            _lineStart = 1;
        }
    }

    /// <summary>Tokenizes a whole text (used by tests and for path expressions).</summary>
    public static List<Token> Tokenize(string text, string file)
    {
        var tokenizer = new Tokenizer(text, file);
        var tokens = new List<Token>();
        Token token;
        do
        {
            token = tokenizer.Next();
            tokens.Add(token);
        }
        while (token.Kind != TokenKind.End);

        return tokens;
    }

    /// <summary>The spec's whitespace: Unicode spaces plus the BOM, but not the newline, which is its own token.</summary>
    public static bool IsWhitespace(char c) => c != '\n' && (char.IsWhiteSpace(c) || c == '\uFEFF');

    private int Column => _pos - _lineStart + 1;

    /// <summary>The next token; <see cref="TokenKind.End"/> once the text is exhausted (and on every call after).</summary>
    public Token Next()
    {
        while (true)
        {
            if (_pos >= _text.Length)
            {
                return new Token(TokenKind.End, string.Empty, _line, Column);
            }

            var c = _text[_pos];
            if (c == '#' || (c == '/' && Peek(1) == '/'))
            {
                SkipComment();
                continue;
            }

            return NextNonComment(c);
        }
    }

    private Token NextNonComment(char c)
    {
        var line = _line;
        var column = Column;
        switch (c)
        {
            case '\n':
                _pos++;
                _line++;
                _lineStart = _pos;
                return new Token(TokenKind.Newline, "\n", line, column);
            case ',':
                return Single(TokenKind.Comma, line, column);
            case ':':
                return Single(TokenKind.Colon, line, column);
            case '=':
                return Single(TokenKind.Equals, line, column);
            case '{':
                return Single(TokenKind.OpenBrace, line, column);
            case '}':
                return Single(TokenKind.CloseBrace, line, column);
            case '[':
                return Single(TokenKind.OpenBracket, line, column);
            case ']':
                return Single(TokenKind.CloseBracket, line, column);
            case '+':
                if (Peek(1) == '=')
                {
                    _pos += 2;
                    return new Token(TokenKind.PlusEquals, "+=", line, column);
                }

                throw Error(line, column, "expected '+=', found '+' (quote it to use '+' in a string)");
            case '"':
                return Peek(1) == '"' && Peek(2) == '"' ? TripleQuoted(line, column) : Quoted(line, column);
            case '$':
                if (Peek(1) == '{')
                {
                    return Substitution(line, column);
                }

                throw Error(line, column, "expected '${' to start a substitution, found '$' (quote it to use '$' in a string)");
        }

        if (IsWhitespace(c))
        {
            var start = _pos;
            while (_pos < _text.Length && IsWhitespace(_text[_pos]))
            {
                _pos++;
            }

            var length = _pos - start;
            var text = length < Spaces.Length && IsSpaces(start, length) ? Spaces[length] : _text[start.._pos];
            return new Token(TokenKind.Whitespace, text, line, column);
        }

        if (Forbidden.Contains(c))
        {
            throw Error(line, column, $"expected a value or key, found reserved character '{c}' (quote it to use it in a string)");
        }

        if (c == '-' || char.IsAsciiDigit(c))
        {
            return NumberOrUnquoted(line, column);
        }

        return Unquoted(line, column);
    }

    private Token Single(TokenKind kind, int line, int column)
    {
        _pos++;
        var text = kind switch
        {
            TokenKind.Comma => ",",
            TokenKind.Colon => ":",
            TokenKind.Equals => "=",
            TokenKind.OpenBrace => "{",
            TokenKind.CloseBrace => "}",
            TokenKind.OpenBracket => "[",
            _ => "]",
        };
        return new Token(kind, text, line, column);
    }

    private bool IsSpaces(int start, int length)
    {
        for (var i = start; i < start + length; i++)
        {
            if (_text[i] != ' ')
            {
                return false;
            }
        }

        return true;
    }

    private char Peek(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private void SkipComment()
    {
        while (_pos < _text.Length && _text[_pos] != '\n')
        {
            _pos++;
        }
    }

    private bool AtUnquotedEnd(int index)
    {
        if (index >= _text.Length)
        {
            return true;
        }

        var c = _text[index];
        return c == '\n' || IsWhitespace(c) || Forbidden.Contains(c)
            || (c == '/' && index + 1 < _text.Length && _text[index + 1] == '/');
    }

    private Token Unquoted(int line, int column)
    {
        var start = _pos;
        while (!AtUnquotedEnd(_pos))
        {
            _pos++;
        }

        var text = _text[start.._pos];
        var kind = text switch
        {
            "true" => TokenKind.True,
            "false" => TokenKind.False,
            "null" => TokenKind.Null,
            _ => TokenKind.Unquoted,
        };
        return new Token(kind, text, line, column);
    }

    private Token NumberOrUnquoted(int line, int column)
    {
        var start = _pos;
        while (_pos < _text.Length && "0123456789eE+-.".Contains(_text[_pos]))
        {
            _pos++;
        }

        var text = _text[start.._pos];
        if (IsJsonNumber(text))
        {
            return new Token(TokenKind.Number, text, line, column);
        }

        var plus = text.IndexOf('+');
        if (plus >= 0)
        {
            // '+' only belongs to a number's exponent; anywhere else it is reserved.
            _pos = start + plus;
            if (plus > 0)
            {
                return new Token(TokenKind.Unquoted, text[..plus], line, column);
            }
        }

        _pos = start;
        return Unquoted(line, column);
    }

    /// <summary>JSON's number grammar, with leading zeros tolerated as the reference implementation does.</summary>
    private static bool IsJsonNumber(string s)
    {
        var i = 0;
        if (i < s.Length && s[i] == '-')
        {
            i++;
        }

        var digits = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (i == digits)
        {
            return false;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            var frac = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == frac)
            {
                return false;
            }
        }

        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                i++;
            }

            var exp = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == exp)
            {
                return false;
            }
        }

        return i == s.Length;
    }

    private Token Quoted(int line, int column)
    {
        _pos++;

        // Most strings have no escapes: take them as one slice of the text.
        var end = _text.AsSpan(_pos).IndexOfAny('"', '\\', '\n');
        if (end >= 0 && _text[_pos + end] == '"')
        {
            var text = _text.Substring(_pos, end);
            _pos += end + 1;
            return new Token(TokenKind.Quoted, text, line, column);
        }

        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n')
            {
                var found = _pos >= _text.Length ? "end of file" : "end of line";
                throw Error(_line, Column, $"expected '\"' to close the string opened at {line}:{column}, found {found}");
            }

            var c = _text[_pos];
            if (c == '"')
            {
                _pos++;
                return new Token(TokenKind.Quoted, sb.ToString(), line, column);
            }

            if (c == '\\')
            {
                sb.Append(Escape());
                continue;
            }

            sb.Append(c);
            _pos++;
        }
    }

    private char Escape()
    {
        var line = _line;
        var column = Column;
        _pos++;
        if (_pos >= _text.Length)
        {
            throw Error(line, column, "expected an escape character after '\\', found end of file");
        }

        var e = _text[_pos++];
        switch (e)
        {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                var value = 0;
                for (var i = 0; i < 4; i++)
                {
                    var h = _pos < _text.Length ? _text[_pos] : '\0';
                    if (!char.IsAsciiHexDigit(h))
                    {
                        throw Error(line, column, $"expected 4 hex digits after '\\u', found {Describe(h)}");
                    }

                    value = (value * 16) + Convert.ToInt32(h.ToString(), 16);
                    _pos++;
                }

                return (char)value;
            default:
                throw Error(line, column, $"expected one of the escapes \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX, found '\\{e}'");
        }
    }

    private string Describe(char c) => c == '\0' && _pos >= _text.Length ? "end of file" : $"'{c}'";

    private Token TripleQuoted(int line, int column)
    {
        _pos += 3;
        var start = _pos;
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error(_line, Column, $"expected '\"\"\"' to close the multi-line string opened at {line}:{column}, found end of file");
            }

            var c = _text[_pos];
            if (c == '\n')
            {
                _pos++;
                _line++;
                _lineStart = _pos;
                continue;
            }

            if (c == '"')
            {
                var run = 0;
                while (_pos + run < _text.Length && _text[_pos + run] == '"')
                {
                    run++;
                }

                if (run >= 3)
                {
                    // Any run of three or more quotes closes the string; the extra quotes belong to it.
                    var text = _text[start..(_pos + run - 3)];
                    _pos += run;
                    return new Token(TokenKind.Quoted, text, line, column);
                }

                _pos += run;
                continue;
            }

            _pos++;
        }
    }

    private Token Substitution(int line, int column)
    {
        _pos += 2;
        var optional = false;
        if (Peek(0) == '?')
        {
            optional = true;
            _pos++;
        }

        var parts = new List<Token>();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error(_line, Column, $"expected '}}' to close the substitution opened at {line}:{column}, found end of file");
            }

            var c = _text[_pos];
            if (c == '}')
            {
                _pos++;
                break;
            }

            if (c == '#' || (c == '/' && Peek(1) == '/') || c == '\n')
            {
                throw Error(_line, Column, $"expected '}}' to close the substitution opened at {line}:{column}, found {(c == '\n' ? "end of line" : "a comment")}");
            }

            var token = NextNonComment(c);
            if (!token.IsKeyPart)
            {
                throw Error(token.Line, token.Column, $"expected a path inside the substitution opened at {line}:{column}, found {token.Describe()}");
            }

            parts.Add(token);
        }

        var trimmed = Trim(parts);
        if (trimmed.Count == 0)
        {
            throw Error(line, column, "expected a path expression inside '${}', found nothing");
        }

        var path = PathBuilder.Build(trimmed, _file, "a path expression in the substitution");
        return new Token(TokenKind.Substitution, string.Empty, line, column, path, optional);
    }

    private static List<Token> Trim(List<Token> parts)
    {
        var start = 0;
        var end = parts.Count;
        while (start < end && parts[start].Kind == TokenKind.Whitespace)
        {
            start++;
        }

        while (end > start && parts[end - 1].Kind == TokenKind.Whitespace)
        {
            end--;
        }

        return parts.GetRange(start, end - start);
    }

    private HoconException Error(int line, int column, string detail) => new(new HoconOrigin(_file, line, column), detail);
}
