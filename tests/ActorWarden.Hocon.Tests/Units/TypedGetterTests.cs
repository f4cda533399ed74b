using ActorWarden.Hocon.Tests.Support;

namespace ActorWarden.Hocon.Tests.Units;

public sealed class TypedGetterTests
{
    private const string Warden = """
        services {
          web {
            stop.timeout = ten
            start.timeout = 10 lightyears
            restart.delay = 500ms
            memory = 512MiB
            bad-memory = 1KB
            negative = -1k
            retention = 3 weeks
            enabled = yes
            disabled = off
            replicas = "3"
            args = [a, 2, true]
            obj { x = 1 }
          }
        }
        """;

    private static readonly Config Config = Snippet.Parse(Warden, "warden.conf");

    [Fact]
    public void Duration_error_names_key_path_expectation_and_value_at_its_origin()
    {
        var error = Config.Invoking(c => c.GetDuration("services.web.stop.timeout")).Should().Throw<HoconException>().Which;
        error.Detail.Should().Be("services.web.stop.timeout: expected a duration like 10s, found \"ten\"");
        error.Origin.Should().Be(new HoconOrigin("warden.conf", 3, 20));
        error.Message.Should().Be("warden.conf:3:20: services.web.stop.timeout: expected a duration like 10s, found \"ten\"");
    }

    [Fact]
    public void Unknown_unit_is_reported_with_the_whole_value()
    {
        Config.Invoking(c => c.GetDuration("services.web.start.timeout")).Should().Throw<HoconException>()
            .Which.Message.Should().Be("warden.conf:4:21: services.web.start.timeout: expected a duration like 10s, found \"10 lightyears\"");
    }

    [Fact]
    public void Reads_units()
    {
        Config.GetDuration("services.web.restart.delay").Should().Be(TimeSpan.FromMilliseconds(500));
        Config.GetBytes("services.web.memory").Should().Be(512L * 1024 * 1024);
        Config.GetPeriod("services.web.retention").Should().Be(new HoconPeriod(0, 0, 21));
    }

    [Fact]
    public void Ambiguous_and_negative_sizes_are_rejected()
    {
        Config.Invoking(c => c.GetBytes("services.web.bad-memory")).Should().Throw<HoconException>()
            .WithMessage("warden.conf:7:18: services.web.bad-memory: expected a size in bytes like 512MiB, found \"1KB\"");
        Config.Invoking(c => c.GetBytes("services.web.negative")).Should().Throw<HoconException>()
            .WithMessage("*expected a size in bytes*\"-1k\"");
    }

    [Fact]
    public void Booleans_accept_the_spec_spellings()
    {
        Config.GetBoolean("services.web.enabled").Should().BeTrue();
        Config.GetBoolean("services.web.disabled").Should().BeFalse();
        Config.Invoking(c => c.GetBoolean("services.web.memory")).Should().Throw<HoconException>()
            .WithMessage("warden.conf:6:14: services.web.memory: expected a boolean (true/false, yes/no, on/off), found \"512MiB\"");
    }

    [Fact]
    public void Numbers_convert_from_numeric_strings()
    {
        Config.GetInt("services.web.replicas").Should().Be(3);
        Config.GetLong("services.web.replicas").Should().Be(3);
        Config.GetDouble("services.web.replicas").Should().Be(3.0);
        Config.Invoking(c => c.GetInt("services.web.enabled")).Should().Throw<HoconException>()
            .WithMessage("*services.web.enabled: expected an int, found \"yes\"");
    }

    [Fact]
    public void Lists_objects_and_sub_configs()
    {
        Config.GetStringList("services.web.args").Should().Equal("a", "2", "true");
        Config.GetList("services.web.args").Should().HaveCount(3);
        Config.GetObject("services.web.obj").Keys.Should().Equal("x");
        var web = Config.GetConfig("services.web");
        web.GetInt("obj.x").Should().Be(1);
        web.Keys.Should().Contain("stop");
        Config.Invoking(c => c.GetStringList("services.web.obj")).Should().Throw<HoconException>()
            .WithMessage("*services.web.obj: expected a list, found an object");
        Config.Invoking(c => c.GetString("services.web.obj")).Should().Throw<HoconException>()
            .WithMessage("warden.conf:14:9: services.web.obj: expected a string, found an object");
    }

    [Fact]
    public void Missing_paths_are_errors_naming_the_path()
    {
        Config.HasPath("services.web.memory").Should().BeTrue();
        Config.HasPath("services.db").Should().BeFalse();
        Config.Invoking(c => c.GetString("services.db.cmd")).Should().Throw<HoconException>()
            .WithMessage("warden.conf:1:10: services.db.cmd: expected a value, found nothing (key 'db' is missing)");
        Config.Invoking(c => c.GetString("services.web.memory.x")).Should().Throw<HoconException>()
            .WithMessage("*services.web.memory.x: expected an object at services.web.memory, found \"512MiB\"");
    }

    [Fact]
    public void Null_is_present_but_not_a_path()
    {
        var config = Snippet.Parse("a = null");
        config.HasPath("a").Should().BeFalse();
        config.HasPathOrNull("a").Should().BeTrue();
        config.Invoking(c => c.GetString("a")).Should().Throw<HoconException>().WithMessage("*a: expected a string, found null");
    }

    [Fact]
    public void Bad_path_expressions_are_hocon_errors()
    {
        Config.Invoking(c => c.GetString("a..b")).Should().Throw<HoconException>().WithMessage("*expected a valid path expression*");
        Config.Invoking(c => c.GetString("")).Should().Throw<HoconException>();
    }

    [Theory]
    [InlineData("10s", 10_000_000_000L)]
    [InlineData("10 seconds", 10_000_000_000L)]
    [InlineData("1.5h", 5_400_000_000_000L)]
    [InlineData("2 d", 172_800_000_000_000L)]
    [InlineData("250", 250_000_000L)]
    [InlineData("3us", 3_000L)]
    [InlineData("7 nanos", 7L)]
    public void Duration_spellings(string text, long nanos)
    {
        Snippet.Parse($"v = \"{text}\"").GetDurationNanoseconds("v").Should().Be(nanos);
    }

    [Fact]
    public void Duration_overflow_is_an_error()
    {
        Snippet.Parse("v = 999999999999999 d").Invoking(c => c.GetDuration("v")).Should().Throw<HoconException>();
    }
}
