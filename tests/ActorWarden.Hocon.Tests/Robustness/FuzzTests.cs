using System.Text;
using ActorWarden.Hocon.Tests.Conformance;
using ActorWarden.Hocon.Tests.Support;

namespace ActorWarden.Hocon.Tests.Robustness;

/// <summary>
/// Whatever the input, the only exception that may escape the parser (and resolver) is HoconException with
/// a position. Seeded, so any failure reproduces.
/// </summary>
public sealed class FuzzTests
{
    private static readonly string[] Soup =
    [
        "{", "}", "[", "]", ",", ":", "=", "+=", "\n", " ", "\t", "a", "b.c", "\"q\"", "\"\"\"t\"\"\"", "${a}", "${?b}", "${a.b}",
        "include", "\"x.conf\"", "file(", "required(", "url(", ")", "1", "-2.5e3", "true", "null", "#c\n", "//c\n", "\\",
        "\"unterminated", "${", "$", "+", "\u00A0", "\uFEFF", "\ud800", "10s", ".", "..", "\"a.b\"", "é", "\r\n",
    ];

    private static readonly HoconParseOptions Options = new()
    {
        UseEnvironment = true,
        EnvironmentLookup = name => name == "b" ? "env" : null,
        MaxDepth = 64,
    };

    [Fact]
    public void Random_bytes_only_raise_hocon_exceptions()
    {
        var random = new Random(20261121);
        using var folder = new TempFolder();
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            var file = Path.Combine(folder.Path, $"random-{i}.conf");
            File.WriteAllBytes(file, bytes);
            Check(() => HoconParser.ParseFile(file, Options), $"random bytes #{i}");
        }
    }

    [Fact]
    public void Random_characters_only_raise_hocon_exceptions()
    {
        var random = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(0, 200)];
            for (var k = 0; k < chars.Length; k++)
            {
                chars[k] = random.Next(4) == 0 ? (char)random.Next(0, 0x10000) : (char)random.Next(0x20, 0x7F);
            }

            var text = new string(chars);
            Check(() => HoconParser.ParseString(text, "chars.conf", Options), $"random chars #{i}: {text}");
        }
    }

    [Fact]
    public void Random_token_soup_only_raises_hocon_exceptions()
    {
        var random = new Random(7);
        var parsedSome = 0;
        for (var i = 0; i < 5000; i++)
        {
            var sb = new StringBuilder();
            var count = random.Next(1, 40);
            for (var k = 0; k < count; k++)
            {
                sb.Append(Soup[random.Next(Soup.Length)]);
                if (random.Next(3) == 0)
                {
                    sb.Append(' ');
                }
            }

            var text = sb.ToString();
            if (Check(() => HoconParser.ParseString(text, "soup.conf", Options), $"token soup #{i}: {text}"))
            {
                parsedSome++;
            }
        }

        parsedSome.Should().BeGreaterThan(0, "the soup should also produce some valid documents");
    }

    [Fact]
    public void Every_truncation_of_valid_files_only_raises_hocon_exceptions()
    {
        var corpus = ConformanceCorpus.RequireFolder();
        string[] files = ["test01.conf", "test05.conf", "equiv05/triple-quotes.conf", "equiv01/properties-style.conf", "equiv01/comments.conf", "test02.conf"];
        var samples = files.Select(f => File.ReadAllText(Path.Combine(corpus, f))).Append(RealisticConfig.Generate(3000));
        foreach (var sample in samples)
        {
            for (var length = 0; length <= sample.Length; length++)
            {
                var text = sample[..length];
                Check(() => HoconParser.ParseString(text, "truncated.conf", Options), $"truncation to {length}");
            }
        }
    }

    [Fact]
    public void Every_truncation_of_a_file_with_includes_only_raises_hocon_exceptions()
    {
        var corpus = ConformanceCorpus.RequireFolder();
        using var folder = new TempFolder();
        foreach (var name in new[] { "test01.conf", "test01.json", "test01.properties", "test02.conf", "test03-included.conf" })
        {
            File.Copy(Path.Combine(corpus, name), Path.Combine(folder.Path, name));
        }

        Directory.CreateDirectory(Path.Combine(folder.Path, "equiv01"));
        File.Copy(Path.Combine(corpus, "equiv01/original.json"), Path.Combine(folder.Path, "equiv01/original.json"));
        var sample = File.ReadAllText(Path.Combine(corpus, "test03.conf"));
        var target = Path.Combine(folder.Path, "test03.conf");
        for (var length = 0; length <= sample.Length; length += 3)
        {
            File.WriteAllText(target, sample[..length]);
            Check(() => HoconParser.ParseFile(target, Options), $"test03 truncated to {length}");
        }
    }

    /// <summary>True when parsing succeeded; fails the test on anything but a positioned HoconException.</summary>
    private static bool Check(Func<Config> parse, string what)
    {
        try
        {
            var config = parse();
            config.ToJson().Should().NotBeNull();
            return true;
        }
        catch (HoconException ex)
        {
            ex.Origin.Should().NotBeNull(what);
            ex.Origin.Line.Should().BeGreaterThan(0, what);
            ex.Origin.Column.Should().BeGreaterThan(0, what);
            ex.Message.Should().StartWith($"{ex.Origin.File}:{ex.Origin.Line}:{ex.Origin.Column}: ", what);
            return false;
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"{what}: {ex.GetType().Name} escaped the parser: {ex}");
        }
    }
}
