namespace ActorWarden.Hocon.Tests.Support;

/// <summary>Shorthands for parsing test snippets with environment lookups off (tests must not depend on the machine's variables).</summary>
internal static class Snippet
{
    public static readonly HoconParseOptions NoEnv = new() { UseEnvironment = false };

    public static Config Parse(string text, string origin = "test.conf") => HoconParser.ParseString(text, origin, NoEnv);

    public static HoconException ParseError(string text, string origin = "test.conf")
    {
        var act = () => HoconParser.ParseString(text, origin, NoEnv);
        return act.Should().Throw<HoconException>().Which;
    }
}
