using System.Text;
using ActorWarden.Hocon.Tests.Support;

namespace ActorWarden.Hocon.Tests.Robustness;

/// <summary>Hostile shapes must end in a positioned error (or a result), never a stack overflow or a hang.</summary>
public sealed class NestingAndSizeTests
{
    [Theory]
    [InlineData(1_000)]
    [InlineData(100_000)]
    public void Deep_objects_are_a_depth_error_with_position(int depth)
    {
        var text = new StringBuilder().Insert(0, "a { ", depth).Append('}', depth).ToString();
        var error = Snippet.ParseError(text);
        error.Detail.Should().Be("expected nesting at most 512 levels deep, found deeper nesting");
        error.Origin.Line.Should().Be(1);
        error.Origin.Column.Should().Be((512 * 4) + 3, "the 513th '{' is the first one too deep");
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(100_000)]
    public void Deep_arrays_are_a_depth_error(int depth)
    {
        var text = "a = " + new string('[', depth) + new string(']', depth);
        Snippet.ParseError(text).Detail.Should().StartWith("expected nesting at most 512 levels deep");
    }

    [Fact]
    public void Deep_unclosed_nesting_is_a_depth_error()
    {
        Snippet.ParseError("a = " + new string('[', 100_000)).Detail.Should().StartWith("expected nesting at most 512 levels deep");
        Snippet.ParseError(new StringBuilder().Insert(0, "{a=", 100_000).ToString()).Detail.Should().StartWith("expected nesting at most 512 levels deep");
    }

    [Fact]
    public void Long_path_keys_count_towards_depth()
    {
        var key = string.Join('.', Enumerable.Repeat("a", 100_000));
        Snippet.ParseError(key + " = 1").Detail.Should().StartWith("expected nesting at most 512 levels deep");
    }

    [Fact]
    public void Nesting_within_the_limit_parses_and_resolves()
    {
        const int depth = 500;
        var text = new StringBuilder().Insert(0, "a { ", depth).Append("x = ${b} ").Append('}', depth).Append("\nb = 1").ToString();
        var config = Snippet.Parse(text);
        config.GetInt(string.Join('.', Enumerable.Repeat("a", depth)) + ".x").Should().Be(1);
        config.ToJson().Should().EndWith("\"b\":1}");
    }

    [Fact]
    public void Depth_limit_is_configurable()
    {
        var act = () => HoconParser.ParseString("a { b { c { d = 1 } } }", "t", Snippet.NoEnv with { MaxDepth = 2 });
        act.Should().Throw<HoconException>().WithMessage("t:1:11: expected nesting at most 2 levels deep, found deeper nesting");
    }

    [Fact]
    public void Deep_substitution_chain_in_a_small_stack_is_an_error_not_a_crash()
    {
        var text = string.Join('\n', Enumerable.Range(0, 50_000).Select(i => $"k{i} = ${{k{i + 1}}}")) + "\nk50000 = end";
        HoconException? error = null;
        Config? config = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    config = Snippet.Parse(text);
                }
                catch (HoconException ex)
                {
                    error = ex;
                }
            },
            maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();
        error.Should().NotBeNull("a 50k-long chain cannot be followed with a 256 KiB stack");
        error!.Detail.Should().Contain("too deep");
        config.Should().BeNull();
    }

    [Fact]
    public void Five_megabyte_config_parses()
    {
        var text = RealisticConfig.Generate(5 * 1024 * 1024);
        Encoding.UTF8.GetByteCount(text).Should().BeGreaterThanOrEqualTo(5 * 1024 * 1024);
        var config = Snippet.Parse(text);
        config.GetConfig("services").Keys.Should().HaveCountGreaterThan(1000);
        config.GetString("services.svc-00010.command").Should().Be("/opt/app/bin/svc-00010");
        config.GetDuration("services.svc-00010.stop.timeout").Should().Be(TimeSpan.FromSeconds(30));
    }
}
