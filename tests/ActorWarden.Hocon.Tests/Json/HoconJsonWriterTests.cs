using System.Text.Json;
using ActorWarden.Hocon.Tests.Support;

namespace ActorWarden.Hocon.Tests.Json;

public sealed class HoconJsonWriterTests
{
    [Fact]
    public void Numbers_are_printed_as_written()
    {
        Snippet.Parse("a = 1e5\nb = 1.50\nc = 12345678901234567890123\nd = -0.0\ne = 007").ToJson()
            .Should().Be("{\"a\":1e5,\"b\":1.50,\"c\":12345678901234567890123,\"d\":-0.0,\"e\":7}");
    }

    [Fact]
    public void Strings_are_escaped_into_valid_json()
    {
        var text = "a = \"q\\\" bs\\\\ nl\\n tab\\t ctl\\u0001 u\\u2028 é 😀 lone\\ud800\"";
        var json = Snippet.Parse(text).ToJson();
        json.Should().Be("{\"a\":\"q\\\" bs\\\\ nl\\n tab\\t ctl\\u0001 u\\u2028 é 😀 lone\\ud800\"}");
        var act = () => JsonDocument.Parse(json);
        act.Should().NotThrow();
    }

    [Fact]
    public void Key_order_follows_the_file_and_pretty_output_is_indented()
    {
        var config = Snippet.Parse("z = 1\na { y = [1, {}], x = [] }");
        config.ToJson(pretty: true).Should().Be("{\n  \"z\": 1,\n  \"a\": {\n    \"y\": [\n      1,\n      {}\n    ],\n    \"x\": []\n  }\n}");
    }

    [Fact]
    public void Any_value_renders_through_the_static_helper()
    {
        var config = Snippet.Parse("a = [1, true, null, x]");
        HoconJsonWriter.Write(config.GetList("a")).Should().Be("[1,true,null,\"x\"]");
        config.GetList("a")[3].ToJson().Should().Be("\"x\"");
    }

    [Fact]
    public void Unresolved_values_cannot_be_rendered()
    {
        var config = HoconParser.ParseString("a = ${b}\nb = 1", "t", Snippet.NoEnv with { Resolve = false });
        config.Invoking(c => c.ToJson()).Should().Throw<HoconException>().WithMessage("t:1:5: expected a resolved value, found unresolved ${b}");
    }

    [Fact]
    public void Round_trips_through_system_text_json()
    {
        var config = Snippet.Parse("a { b = [1, 2.5, \"s\", true, null], c = { d = \"\\u00e9\" } }");
        using var doc = JsonDocument.Parse(config.ToJson(pretty: true));
        doc.RootElement.GetProperty("a").GetProperty("b")[1].GetDecimal().Should().Be(2.5m);
        doc.RootElement.GetProperty("a").GetProperty("c").GetProperty("d").GetString().Should().Be("é");
    }
}
