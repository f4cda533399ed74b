using ActorWarden.Hocon.Lexing;

namespace ActorWarden.Hocon.Tests.Lexing;

public sealed class TokenizerTests
{
    private static List<Token> Tokens(string text) =>
        Tokenizer.Tokenize(text, "t.conf").Where(t => t.Kind != TokenKind.End).ToList();

    [Theory]
    [InlineData("42", "Number")]
    [InlineData("-7", "Number")]
    [InlineData("3.14", "Number")]
    [InlineData("1e5", "Number")]
    [InlineData("1E-5", "Number")]
    [InlineData("9223372036854775808123", "Number")]
    [InlineData("1.2.3", "Unquoted")]
    [InlineData("1.", "Unquoted")]
    [InlineData("-", "Unquoted")]
    [InlineData("true", "True")]
    [InlineData("false", "False")]
    [InlineData("null", "Null")]
    [InlineData("truefoo", "Unquoted")]
    [InlineData("foo-bar", "Unquoted")]
    public void Classifies_a_single_word(string text, string kind)
    {
        var tokens = Tokens(text);
        tokens.Should().ContainSingle().Which.Kind.ToString().Should().Be(kind);
        tokens[0].Text.Should().Be(text);
    }

    [Fact]
    public void Number_followed_by_letters_splits_into_number_and_text()
    {
        Tokens("10.0bar").Select(t => (t.Kind, t.Text)).Should().Equal((TokenKind.Number, "10.0"), (TokenKind.Unquoted, "bar"));
        Tokens("1s").Select(t => t.Kind).Should().Equal(TokenKind.Number, TokenKind.Unquoted);
    }

    [Fact]
    public void Comments_are_dropped_but_the_newline_stays()
    {
        Tokens("a # c\nb // d\n").Select(t => t.Kind).Should().Equal(
            TokenKind.Unquoted, TokenKind.Whitespace, TokenKind.Newline, TokenKind.Unquoted, TokenKind.Whitespace, TokenKind.Newline);
        Tokens("foo//bar").Should().ContainSingle().Which.Text.Should().Be("foo");
    }

    [Fact]
    public void Quoted_strings_decode_all_json_escapes()
    {
        Tokens("\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\\u00e9\"").Single().Text.Should().Be("a\"b\\c/d\be\ff\ng\rh\ti\u00e9");
    }

    [Fact]
    public void Triple_quoted_strings_keep_newlines_and_extra_closing_quotes()
    {
        var token = Tokens("\"\"\"a\\n\nb\"\"\"\"\"").Single();
        token.Kind.Should().Be(TokenKind.Quoted);
        token.Text.Should().Be("a\\n\nb\"\"");
    }

    [Fact]
    public void Positions_are_one_based_lines_and_columns()
    {
        var tokens = Tokens("a = 1\n  bb : \"x\"");
        tokens.Should().Contain(t => t.Text == "bb" && t.Line == 2 && t.Column == 3);
        tokens.Should().Contain(t => t.Kind == TokenKind.Quoted && t.Line == 2 && t.Column == 8);
    }

    [Fact]
    public void Bom_at_the_start_does_not_shift_columns()
    {
        Tokens("\uFEFFa").Single().Column.Should().Be(1);
    }

    [Fact]
    public void Substitution_carries_its_path_and_optional_flag()
    {
        var token = Tokens("${?a.\"b.c\".d}").Single();
        token.Kind.Should().Be(TokenKind.Substitution);
        token.Optional.Should().BeTrue();
        token.Path!.Elements.Should().Equal("a", "b.c", "d");
    }

    [Theory]
    [InlineData("\"abc", "t.conf:1:5: expected '\"' to close the string opened at 1:1, found end of file")]
    [InlineData("\"abc\nx", "t.conf:1:5: expected '\"' to close the string opened at 1:1, found end of line")]
    [InlineData("\"\"\"abc\n", "t.conf:2:1: expected '\"\"\"' to close the multi-line string opened at 1:1, found end of file")]
    [InlineData("\"\\q\"", "t.conf:1:2: expected one of the escapes \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX, found '\\q'")]
    [InlineData("\"\\u12g4\"", "t.conf:1:2: expected 4 hex digits after '\\u', found 'g'")]
    [InlineData("${a", "t.conf:1:4: expected '}' to close the substitution opened at 1:1, found end of file")]
    [InlineData("${}", "t.conf:1:1: expected a path expression inside '${}', found nothing")]
    [InlineData("a + b", "t.conf:1:3: expected '+=', found '+' (quote it to use '+' in a string)")]
    [InlineData("a $b", "t.conf:1:3: expected '${' to start a substitution, found '$' (quote it to use '$' in a string)")]
    [InlineData("a ^", "t.conf:1:3: expected a value or key, found reserved character '^' (quote it to use it in a string)")]
    public void Lexical_errors_name_position_expectation_and_finding(string text, string message)
    {
        var act = () => Tokenizer.Tokenize(text, "t.conf");
        act.Should().Throw<HoconException>().Which.Message.Should().Be(message);
    }
}
