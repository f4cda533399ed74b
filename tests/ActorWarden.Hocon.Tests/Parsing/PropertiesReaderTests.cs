using ActorWarden.Hocon.Parsing;

namespace ActorWarden.Hocon.Tests.Parsing;

public sealed class PropertiesReaderTests
{
    [Fact]
    public void Reads_java_properties_syntax_as_strings_split_on_dots()
    {
        const string text = "# comment\n! also comment\na.b=1\na.c : two words  \nd   spaced\\\n    continued\ne=tab\\there\\u0041\n\nf\n";
        var obj = PropertiesReader.Parse(text, "x.properties");
        HoconJsonWriter.Write(obj).Should().Be("{\"a\":{\"b\":\"1\",\"c\":\"two words  \"},\"d\":\"spacedcontinued\",\"e\":\"tab\\thereA\",\"f\":\"\"}");
        ((HoconObject)obj["a"])["b"].Origin.Should().Be(new HoconOrigin("x.properties", 3, 1));
    }

    [Fact]
    public void Object_wins_when_a_key_is_both_value_and_parent()
    {
        var obj = PropertiesReader.Parse("a=1\na.b=2\n", "x.properties");
        HoconJsonWriter.Write(obj).Should().Be("{\"a\":{\"b\":\"2\"}}");
    }
}
