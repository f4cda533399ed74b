using System.Runtime.CompilerServices;
using ActorWarden.Hocon.Lexing;

namespace ActorWarden.Hocon.Parsing;

/// <summary>
/// Recursive-descent parser from tokens to the raw (unresolved) tree. Nesting is bounded by
/// <see cref="HoconParseOptions.MaxDepth"/> so hostile input ends in an error with a position, never a
/// stack overflow. Duplicate keys are merged here with <see cref="RawMerge"/>; includes go through
/// <see cref="IncludeResolver"/>.
/// </summary>
internal sealed class Parser
{
    private readonly Tokenizer _lexer;
    private readonly List<Token> _lookahead = [];
    private readonly List<Token> _keyTokens = [];
    private readonly SourceFile _source;
    private readonly string _file;
    private readonly IncludeResolver _includes;
    private readonly int _maxDepth;
    private int _head;
    private int _depth;

    private Parser(Tokenizer lexer, SourceFile source, IncludeResolver includes, int baseDepth)
    {
        _lexer = lexer;
        _source = source;
        _file = source.DisplayName;
        _includes = includes;
        _maxDepth = includes.Options.MaxDepth;
        _depth = baseDepth;
    }

    /// <summary>Parses a whole document; the root is an object, or an array for JSON-style documents.</summary>
    public static HoconValue ParseDocument(string text, SourceFile source, IncludeResolver includes, int baseDepth = 0)
    {
        var parser = new Parser(new Tokenizer(text, source.DisplayName), source, includes, baseDepth);
        return parser.Document();
    }

    private Token Peek => PeekAt(0);

    /// <summary>Tokens are pulled from the lexer on demand; only the few looked ahead at are buffered.</summary>
    private Token PeekAt(int offset)
    {
        while (_lookahead.Count - _head <= offset)
        {
            _lookahead.Add(_lexer.Next());
        }

        return _lookahead[_head + offset];
    }

    private Token Advance()
    {
        var token = PeekAt(0);
        _head++;
        if (_head == _lookahead.Count)
        {
            _lookahead.Clear();
            _head = 0;
        }

        return token;
    }

    private HoconOrigin OriginOf(Token token) => new(_file, token.Line, token.Column);

    private HoconException Error(Token at, string detail) => new(OriginOf(at), detail);

    private void SkipWhitespace()
    {
        while (Peek.Kind == TokenKind.Whitespace)
        {
            Advance();
        }
    }

    private void SkipBlank()
    {
        while (Peek.Kind is TokenKind.Whitespace or TokenKind.Newline)
        {
            Advance();
        }
    }

    private HoconValue Document()
    {
        SkipBlank();
        var first = Peek;
        HoconValue root;
        if (first.Kind is TokenKind.OpenBracket or TokenKind.OpenBrace)
        {
            root = Part(new PathSlot(HoconPath.Empty, null));
        }
        else
        {
            var obj = new HoconObject(OriginOf(first));
            ObjectBody(obj, HoconPath.Empty, open: null);
            return obj;
        }

        SkipBlank();
        if (Peek.Kind != TokenKind.End)
        {
            throw Error(Peek, $"expected end of file after the root {(root is HoconArray ? "list" : "object")}, found {Peek.Describe()}");
        }

        return root;
    }

    private void ObjectBody(HoconObject target, HoconPath? path, Token? open)
    {
        while (true)
        {
            SkipBlank();
            var token = Peek;
            switch (token.Kind)
            {
                case TokenKind.CloseBrace:
                    if (open is null)
                    {
                        throw Error(token, "expected a key or end of file, found '}' with no object open");
                    }

                    Advance();
                    return;
                case TokenKind.End:
                    if (open is { } o)
                    {
                        throw Error(token, $"expected '}}' to close object opened at {o.Line}:{o.Column}, found end of file");
                    }

                    return;
                case TokenKind.Comma:
                    throw Error(token, "expected a key, found ','");
            }

            Field(target, path);
            SkipWhitespace();
            token = Peek;
            switch (token.Kind)
            {
                case TokenKind.Comma:
                    Advance();
                    break;
                case TokenKind.Newline:
                case TokenKind.CloseBrace:
                case TokenKind.End:
                    break;
                default:
                    throw Error(token, $"expected ',' or a new line after a field, found {token.Describe()}");
            }
        }
    }

    private void Field(HoconObject target, HoconPath? path)
    {
        var start = Peek;
        if (start.Kind == TokenKind.Unquoted && start.Text == "include" && IsIncludeStatement())
        {
            Include(target, path);
            return;
        }

        var keyTokens = _keyTokens;
        keyTokens.Clear();
        while (Peek.IsKeyPart)
        {
            keyTokens.Add(Advance());
        }

        while (keyTokens.Count > 0 && keyTokens[^1].Kind == TokenKind.Whitespace)
        {
            keyTokens.RemoveAt(keyTokens.Count - 1);
        }

        if (keyTokens.Count == 0)
        {
            var hint = start.Kind == TokenKind.Substitution ? " (substitutions are not allowed in keys)" : string.Empty;
            throw Error(start, $"expected a key, found {start.Describe()}{hint}");
        }

        var key = PathBuilder.Build(keyTokens, _file, "a key");
        var keyOrigin = OriginOf(start);
        SkipBlank();
        var separator = Peek;
        var append = false;
        switch (separator.Kind)
        {
            case TokenKind.Colon:
            case TokenKind.Equals:
                Advance();
                SkipBlank();
                break;
            case TokenKind.PlusEquals:
                Advance();
                SkipBlank();
                append = true;
                break;
            case TokenKind.OpenBrace:
                break;
            default:
                var hint = separator.Kind == TokenKind.Substitution ? " (substitutions are not allowed in keys)" : string.Empty;
                throw Error(separator, $"expected ':', '=' or '{{' after key {key}, found {separator.Describe()}{hint}");
        }

        var slot = new PathSlot(path, key);

        // a.b.c = v nests v two objects deeper than a single key would.
        EnterDepth(key.Length - 1, start);
        var value = Value(slot);
        _depth -= key.Length - 1;

        if (append)
        {
            var self = new HoconSubstitution(slot.Materialize() ?? key, optional: true, OriginOf(separator));
            var list = new HoconArray(value.Origin);
            list.Add(value);
            value = new HoconConcatenation([self, list], OriginOf(separator));
        }

        for (var i = key.Length - 1; i >= 1; i--)
        {
            var wrapper = new HoconObject(keyOrigin);
            wrapper.Set(key.Elements[i], value, keyOrigin);
            value = wrapper;
        }

        MergeField(target, key.First, value, keyOrigin);
    }

    private static void MergeField(HoconObject target, string key, HoconValue value, HoconOrigin keyOrigin)
    {
        var merged = target.TryGetValue(key, out var existing) ? RawMerge.Merge(existing, value) : value;
        target.Set(key, merged, keyOrigin);
    }

    private void EnterDepth(int levels, Token at)
    {
        _depth += levels;
        if (_depth > _maxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Error(at, $"expected nesting at most {_maxDepth} levels deep, found deeper nesting");
        }
    }

    /// <summary>A value: one or more parts on one line, joined as a concatenation.</summary>
    private HoconValue Value(PathSlot slot)
    {
        SkipWhitespace();
        var start = Peek;
        if (!start.IsValuePart)
        {
            throw Error(start, $"expected a value, found {start.Describe()}");
        }

        var first = Part(slot);
        if (!Continues())
        {
            SkipWhitespace();
            return first;
        }

        var parts = new List<HoconValue> { first };
        var hasSubstitution = first is HoconSubstitution;
        while (Continues())
        {
            var token = Peek;
            if (token.Kind == TokenKind.Whitespace)
            {
                parts.Add(HoconString.Separator(token.Text, OriginOf(token)));
                Advance();
            }

            hasSubstitution |= Peek.Kind == TokenKind.Substitution;
            parts.Add(Part(slot));
        }

        SkipWhitespace();
        var origin = OriginOf(start);
        return hasSubstitution ? new HoconConcatenation(parts, origin) : Concatenator.Combine(parts, origin, copyObjects: false);
    }

    /// <summary>True when another part of the same concatenation follows (possibly after whitespace on the same line).</summary>
    private bool Continues()
    {
        var next = Peek;
        return next.IsValuePart || (next.Kind == TokenKind.Whitespace && PeekAt(1).IsValuePart);
    }

    private HoconValue Part(PathSlot slot)
    {
        var token = Advance();
        var origin = OriginOf(token);
        switch (token.Kind)
        {
            case TokenKind.Quoted:
            case TokenKind.Unquoted:
                return new HoconString(token.Text, origin);
            case TokenKind.Number:
                return new HoconNumber(token.Text, origin);
            case TokenKind.True:
                return new HoconBoolean(true, origin);
            case TokenKind.False:
                return new HoconBoolean(false, origin);
            case TokenKind.Null:
                return new HoconNull(origin);
            case TokenKind.Substitution:
                return new HoconSubstitution(token.Path!, token.Optional, origin);
            case TokenKind.OpenBrace:
                EnterDepth(1, token);
                var obj = new HoconObject(origin);
                ObjectBody(obj, slot.Materialize(), token);
                _depth--;
                return obj;
            default:
                EnterDepth(1, token);
                var list = Array(token);
                _depth--;
                return list;
        }
    }

    private HoconArray Array(Token open)
    {
        var list = new HoconArray(OriginOf(open));
        while (true)
        {
            SkipBlank();
            var token = Peek;
            switch (token.Kind)
            {
                case TokenKind.CloseBracket:
                    Advance();
                    return list;
                case TokenKind.End:
                    throw Error(token, $"expected ']' to close the list opened at {open.Line}:{open.Column}, found end of file");
                case TokenKind.Comma:
                    throw Error(token, "expected a list element or ']', found ','");
            }

            list.Add(Value(default));
            SkipWhitespace();
            token = Peek;
            switch (token.Kind)
            {
                case TokenKind.Comma:
                    Advance();
                    break;
                case TokenKind.Newline:
                case TokenKind.CloseBracket:
                    break;
                case TokenKind.End:
                    throw Error(token, $"expected ']' to close the list opened at {open.Line}:{open.Column}, found end of file");
                default:
                    throw Error(token, $"expected ',' or ']' after a list element, found {token.Describe()}");
            }
        }
    }

    /// <summary>
    /// <c>include</c> at the start of a field is an include statement unless a separator follows it
    /// (<c>include : 1</c> is tolerated as a key; the spec asks to quote such keys).
    /// </summary>
    private bool IsIncludeStatement()
    {
        var i = 1;
        while (PeekAt(i).Kind is TokenKind.Whitespace or TokenKind.Newline)
        {
            i++;
        }

        return PeekAt(i).Kind is not (TokenKind.Colon or TokenKind.Equals or TokenKind.OpenBrace or TokenKind.PlusEquals);
    }

    private void Include(HoconObject target, HoconPath? path)
    {
        var includeToken = Advance();
        SkipBlank();
        var opening = string.Empty;
        var first = Peek;
        while (Peek.Kind == TokenKind.Unquoted)
        {
            opening += Advance().Text;
            SkipWhitespace();
        }

        if (Peek.Kind != TokenKind.Quoted)
        {
            throw Error(first, $"expected a quoted file name, file(\"...\"), classpath(\"...\") or required(...) after include, found {first.Describe()}");
        }

        var nameToken = Advance();
        var kind = opening switch
        {
            "" or "required(" => IncludeKind.Heuristic,
            "file(" or "required(file(" => IncludeKind.File,
            "classpath(" or "required(classpath(" => IncludeKind.Classpath,
            "url(" or "required(url(" => IncludeKind.Url,
            _ => throw Error(first, $"expected file(, classpath(, url( or required( before the file name of include, found '{opening}'"),
        };
        var required = opening.StartsWith("required(", StringComparison.Ordinal);
        var expectedClosing = opening.Count(c => c == '(');
        var closing = 0;
        SkipWhitespace();
        while (closing < expectedClosing && Peek.Kind == TokenKind.Unquoted && Peek.Text.All(c => c == ')'))
        {
            closing += Advance().Text.Length;
            SkipWhitespace();
        }

        if (closing != expectedClosing)
        {
            throw Error(Peek, $"expected {expectedClosing} ')' to close include {opening}\"{nameToken.Text}\", found {(closing > expectedClosing ? "too many" : Peek.Describe())}");
        }

        var included = _includes.Load(new IncludeRequest(nameToken.Text, kind, required, OriginOf(includeToken)), _source, _depth);
        if (included is null)
        {
            return;
        }

        if (path is { Length: > 0 })
        {
            included = SubstitutionRelativizer.Relativize(included, path);
        }

        foreach (var (key, value, keyOrigin) in included.Fields)
        {
            MergeField(target, key, value, keyOrigin);
        }
    }

    /// <summary>
    /// The path of the field whose value is being parsed, built only when needed (objects, <c>+=</c>,
    /// includes), so plain scalar fields cost no path allocation.
    /// </summary>
    private readonly struct PathSlot(HoconPath? parent, HoconPath? key)
    {
        public HoconPath? Materialize() => parent is null ? null : key is null ? parent : parent.Append(key);
    }
}
