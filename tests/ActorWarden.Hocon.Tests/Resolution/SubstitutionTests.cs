using ActorWarden.Hocon.Tests.Support;

namespace ActorWarden.Hocon.Tests.Resolution;

public sealed class SubstitutionTests
{
    private static HoconParseOptions WithEnv(params (string Name, string Value)[] vars) => new()
    {
        EnvironmentLookup = name => vars.FirstOrDefault(v => v.Name == name).Value,
    };

    [Fact]
    public void Substitutions_look_forward_and_keep_the_type()
    {
        var config = Snippet.Parse("a = ${b}\nb = { c = [1, ${d}] }\nd = 4.50");
        config.ToJson().Should().Be("{\"a\":{\"c\":[1,4.50]},\"b\":{\"c\":[1,4.50]},\"d\":4.50}");
    }

    [Fact]
    public void Missing_substitution_names_the_path_and_its_position()
    {
        var error = Snippet.ParseError("a = 1\nservices.web.cmd = ${paths.bin}/web", "warden.conf");
        error.Message.Should().Be("warden.conf:2:20: expected a value for substitution ${paths.bin}, found path paths.bin is not defined");
        error.Origin.Should().Be(new HoconOrigin("warden.conf", 2, 20));
    }

    [Fact]
    public void Cycles_are_errors_that_list_the_cycle()
    {
        Snippet.ParseError("a = ${b}\nb = ${c}\nc = ${a}").Message.Should().EndWith("found a cycle: a -> b -> c -> a");
        Snippet.ParseError("a = { b = ${a} }").Message.Should().EndWith("found a cycle: a -> a.b -> a");
        Snippet.ParseError("a = [ ${a} ]").Message.Should().EndWith("found a cycle: a -> a");
    }

    [Fact]
    public void Self_references_see_the_earlier_definition()
    {
        var config = Snippet.Parse("path = [/bin]\npath = ${path} [/usr/bin]\nname = x\nname = ${name}-y\nopt = ${?opt}z\nn = { a = 1 }\nn = ${n} { b = 2 }");
        config.ToJson().Should().Be("{\"path\":[\"/bin\",\"/usr/bin\"],\"name\":\"x-y\",\"opt\":\"z\",\"n\":{\"a\":1,\"b\":2}}");
    }

    [Fact]
    public void Repeated_self_references_stack_up()
    {
        Snippet.Parse("a = [1]\na = ${a} [2]\na = ${a} [3]\na += 4").GetList("a").Select(v => ((HoconNumber)v).Text).Should().Equal("1", "2", "3", "4");
    }

    [Fact]
    public void Self_reference_through_another_field_sees_the_earlier_value()
    {
        Snippet.Parse("bar = 10\nfoo = ${bar}\nbar = ${foo}").ToJson().Should().Be("{\"bar\":10,\"foo\":10}");
    }

    [Fact]
    public void Environment_variables_are_a_fallback_that_can_be_switched_off()
    {
        const string text = "home = ${HOME}\nport = 80\nport = ${?PORT}\nmissing = ${?NOPE}";
        HoconParser.ParseString(text, "t", WithEnv(("HOME", "/root"), ("PORT", "8080"))).ToJson()
            .Should().Be("{\"home\":\"/root\",\"port\":\"8080\"}");
        var act = () => HoconParser.ParseString(text, "t", new HoconParseOptions { UseEnvironment = false, EnvironmentLookup = _ => "x" });
        act.Should().Throw<HoconException>().WithMessage("t:1:8: expected a value for substitution ${HOME}*");
    }

    [Fact]
    public void Config_values_win_over_environment_variables()
    {
        HoconParser.ParseString("HOME = here\nh = ${HOME}", "t", WithEnv(("HOME", "/root"))).GetString("h").Should().Be("here");
    }

    [Fact]
    public void Real_environment_is_used_by_default()
    {
        var name = "AW_HOCON_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "from-env");
        try
        {
            HoconParser.ParseString($"v = ${{{name}}}").GetString("v").Should().Be("from-env");
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Optional_undefined_values_vanish_from_objects_and_lists()
    {
        Snippet.Parse("a = ${?x}\nb = [1, ${?x}, 2]\nc = ${?x} text").ToJson().Should().Be("{\"b\":[1,2],\"c\":\" text\"}");
    }

    [Fact]
    public void Unresolved_config_can_be_resolved_later()
    {
        var config = HoconParser.ParseString("a = ${b}\nb = 1", "t", Snippet.NoEnv with { Resolve = false });
        config.IsResolved.Should().BeFalse();
        config.Invoking(c => c.GetInt("a")).Should().Throw<HoconException>().WithMessage("*call Resolve()*");
        config.Resolve().GetInt("a").Should().Be(1);
    }

    [Fact]
    public void With_fallback_layers_a_user_file_over_a_reference_and_resolves_against_the_merge()
    {
        var reference = Snippet.Parse("defaults { stop-timeout = 10s, restart = on-failure }\nservice { timeout = ${defaults.stop-timeout}, restart = ${defaults.restart} }\nlog-dir = /var/log", "reference.conf");
        var user = Snippet.Parse("defaults.stop-timeout = 30s\nservice.env = [A]", "warden.conf");
        var merged = user.WithFallback(reference);
        merged.ToJson().Should().Be("{\"defaults\":{\"stop-timeout\":\"30s\",\"restart\":\"on-failure\"},\"service\":{\"timeout\":\"30s\",\"restart\":\"on-failure\",\"env\":[\"A\"]},\"log-dir\":\"/var/log\"}");
        merged.Origin("service.env").File.Should().Be("warden.conf");
        merged.Origin("log-dir").File.Should().Be("reference.conf");
        reference.GetString("service.timeout").Should().Be("10s", "the inputs are left untouched");
    }

    [Fact]
    public void With_fallback_on_empty_is_identity()
    {
        var config = Snippet.Parse("a { b = 1 }");
        config.WithFallback(Config.Empty).ToJson().Should().Be(config.ToJson());
        Config.Empty.WithFallback(config).ToJson().Should().Be(config.ToJson());
    }

    [Fact]
    public void Long_substitution_chains_resolve()
    {
        var text = string.Join('\n', Enumerable.Range(0, 1000).Select(i => $"k{i} = ${{k{i + 1}}}")) + "\nk1000 = end";
        Snippet.Parse(text).GetString("k0").Should().Be("end");
    }
}
