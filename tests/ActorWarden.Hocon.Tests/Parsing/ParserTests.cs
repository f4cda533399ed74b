using ActorWarden.Hocon.Tests.Support;

namespace ActorWarden.Hocon.Tests.Parsing;

public sealed class ParserTests
{
    [Fact]
    public void Reads_the_spec_syntax_variants_to_the_same_tree()
    {
        var forms = new[]
        {
            "{ \"a\" : { \"b\" : 1, \"c\" : [1, 2] } }",
            "a { b = 1, c = [1, 2] }",
            "a.b : 1\na.c : [\n 1\n 2\n]",
            "a { b : 1 } \n a { c : [1,2,] }",
        };
        foreach (var form in forms)
        {
            Snippet.Parse(form).ToJson().Should().Be("{\"a\":{\"b\":1,\"c\":[1,2]}}", form);
        }
    }

    [Fact]
    public void Later_objects_merge_and_non_objects_replace()
    {
        var config = Snippet.Parse("a { x = 1, y = { p = 1 } }\na { y { q = 2 } }\nb = { x = 1 }\nb = 5\nc = 5\nc = { z = 1 }\nd = { k = 1 }\nd = null\nd = { m = 2 }");
        config.ToJson().Should().Be("{\"a\":{\"x\":1,\"y\":{\"p\":1,\"q\":2}},\"b\":5,\"c\":{\"z\":1},\"d\":{\"m\":2}}");
    }

    [Fact]
    public void Value_concatenation_keeps_inner_whitespace_and_number_text()
    {
        Snippet.Parse("a = foo  bar 1.50 true \"  x \"   ").GetString("a").Should().Be("foo  bar 1.50 true   x ");
    }

    [Fact]
    public void Array_and_object_concatenation()
    {
        Snippet.Parse("a = [1] [2, 3]\nb = { x = 1 } { y = 2 }").ToJson().Should().Be("{\"a\":[1,2,3],\"b\":{\"x\":1,\"y\":2}}");
    }

    [Fact]
    public void Plus_equals_appends_to_a_list()
    {
        Snippet.Parse("a = [1]\na += 2\nb += x").ToJson().Should().Be("{\"a\":[1,2],\"b\":[\"x\"]}");
    }

    [Fact]
    public void Keys_keep_file_order()
    {
        Snippet.Parse("z = 1\na = 2\nm = 3\na = 4").Keys.Should().Equal("z", "a", "m");
    }

    [Fact]
    public void Quoted_keys_are_single_path_elements()
    {
        var config = Snippet.Parse("\"a.b\" = 1\nx.\"y.z\".w = 2\n\"\" = 3");
        config.Root.Keys.Should().Equal("a.b", "x", "");
        config.GetInt("x.\"y.z\".w").Should().Be(2);
        config.GetInt("\"a.b\"").Should().Be(1);
    }

    [Fact]
    public void Every_value_and_key_keeps_its_origin()
    {
        var config = Snippet.Parse("a {\n  b = 1\n  c = [ x, { d = true } ]\n}", "warden.conf");
        config.Origin("a").Should().Be(new HoconOrigin("warden.conf", 1, 3));
        config.Origin("a.b").Should().Be(new HoconOrigin("warden.conf", 2, 7));
        config.GetObject("a").KeyOrigin("c").Should().Be(new HoconOrigin("warden.conf", 3, 3));
        var list = config.GetList("a.c");
        list[0].Origin.Should().Be(new HoconOrigin("warden.conf", 3, 9));
        ((HoconObject)list[1]).KeyOrigin("d").Should().Be(new HoconOrigin("warden.conf", 3, 14));
        ((HoconObject)list[1])["d"].Origin.Should().Be(new HoconOrigin("warden.conf", 3, 18));
    }

    [Fact]
    public void A_key_written_twice_remembers_every_place_it_was_written()
    {
        var config = Snippet.Parse("s {\n  web { a = 1 }\n  db { a = 2 }\n  web { b = 3 }\n}\ns.web.c = 4\n", "warden.conf");

        var services = config.GetObject("s");

        services.KeyOrigins("web").Should().Equal(
            new HoconOrigin("warden.conf", 2, 3), new HoconOrigin("warden.conf", 4, 3), new HoconOrigin("warden.conf", 6, 1));
        services.KeyOrigin("web").Should().Be(new HoconOrigin("warden.conf", 6, 1));
        services.KeyOrigins("db").Should().Equal(new HoconOrigin("warden.conf", 3, 3));
        config.GetInt("s.web.a").Should().Be(1);
    }

    [Fact]
    public void Root_list_is_an_error_for_a_config()
    {
        Snippet.ParseError("[1, 2]").Message.Should().Be("test.conf:1:1: expected an object at the root of the document, found a list");
    }

    [Theory]
    [InlineData("services {\n  web {\n    cmd = x\n", "warden.conf:4:1: expected '}' to close object opened at 2:7, found end of file")]
    [InlineData("a = [1, 2\n", "warden.conf:2:1: expected ']' to close the list opened at 1:5, found end of file")]
    [InlineData("a = [1 2] ]", "warden.conf:1:11: expected ',' or a new line after a field, found ']'")]
    [InlineData("a = 1 }", "warden.conf:1:7: expected a key or end of file, found '}' with no object open")]
    [InlineData("a = ", "warden.conf:1:5: expected a value, found end of file")]
    [InlineData("a = ,", "warden.conf:1:5: expected a value, found ','")]
    [InlineData("a 1", "warden.conf:1:4: expected ':', '=' or '{' after key \"a 1\", found end of file")]
    [InlineData("${x} = 1", "warden.conf:1:1: expected a key, found substitution ${x} (substitutions are not allowed in keys)")]
    [InlineData("a = 1,, b = 2", "warden.conf:1:7: expected a key, found ','")]
    [InlineData("a..b = 1", "warden.conf:1:3: expected a key without empty elements, found '.' with nothing before it (quote an empty key as \"\")")]
    [InlineData("a = 1 : 2", "warden.conf:1:7: expected ',' or a new line after a field, found ':'")]
    [InlineData("a = [1] x", "warden.conf:1:9: expected a list to concatenate with the list at 1:5, found \"x\"")]
    [InlineData("{ a = 1 } b", "warden.conf:1:11: expected end of file after the root object, found 'b'")]
    [InlineData("include foo", "warden.conf:1:9: expected a quoted file name, file(\"...\"), classpath(\"...\") or required(...) after include, found 'foo'")]
    [InlineData("include file(\"x.conf\"", "warden.conf:1:22: expected 1 ')' to close include file(\"x.conf\", found end of file")]
    public void Syntax_errors_name_position_expectation_and_finding(string text, string message)
    {
        Snippet.ParseError(text, "warden.conf").Message.Should().Be(message);
    }

    [Fact]
    public void Error_exposes_origin_and_detail_separately()
    {
        var error = Snippet.ParseError("a {\n  b = 1\n", "conf.d/web.conf");
        error.Origin.Should().Be(new HoconOrigin("conf.d/web.conf", 3, 1));
        error.Detail.Should().Be("expected '}' to close object opened at 1:3, found end of file");
        error.Message.Should().StartWith("conf.d/web.conf:3:1: ");
    }

    [Fact]
    public void File_errors_use_the_path_as_the_user_gave_it()
    {
        using var folder = new TempFolder();
        folder.Write("conf/warden.conf", "a {\n");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(folder.Path, "conf/warden.conf"));
        var act = () => HoconParser.ParseFile(relative, Snippet.NoEnv);
        act.Should().Throw<HoconException>().Which.Message.Should().StartWith(relative + ":2:1: expected '}'");
    }

    [Fact]
    public void Missing_file_is_a_hocon_error_naming_it()
    {
        var act = () => HoconParser.ParseFile("/nonexistent/warden.conf");
        act.Should().Throw<HoconException>().Which.Message.Should().Be("/nonexistent/warden.conf:1:1: expected a config file, found no file at /nonexistent/warden.conf");
    }

    [Fact]
    public void Invalid_utf8_is_reported_at_its_position()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "bad.conf");
        File.WriteAllBytes(file, [.. "a = 1\nb = x"u8.ToArray(), 0xFF, .. "\n"u8.ToArray()]);
        var act = () => HoconParser.ParseFile(file);
        act.Should().Throw<HoconException>().Which.Origin.Should().Be(new HoconOrigin(file, 2, 6));
    }

    [Fact]
    public void Utf8_bom_is_whitespace()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "bom.conf");
        File.WriteAllBytes(file, [0xEF, 0xBB, 0xBF, .. "a = 1"u8.ToArray()]);
        var config = HoconParser.ParseFile(file);
        config.GetInt("a").Should().Be(1);
        config.Origin("a").Column.Should().Be(5);
    }

    [Fact]
    public void Large_numbers_stay_exact()
    {
        var config = Snippet.Parse("big = 123456789012345678901234567890\nl = 9223372036854775807\nd = 0.1000000000000000000001");
        config.ToJson().Should().Be("{\"big\":123456789012345678901234567890,\"l\":9223372036854775807,\"d\":0.1000000000000000000001}");
        config.GetLong("l").Should().Be(long.MaxValue);
        config.Invoking(c => c.GetLong("big")).Should().Throw<HoconException>().WithMessage("test.conf:1:7: big: expected a long (64-bit whole number), found 123456789012345678901234567890");
    }
}
