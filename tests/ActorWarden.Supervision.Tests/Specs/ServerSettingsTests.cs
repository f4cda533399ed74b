using ActorWarden.Processes;
using ActorWarden.Config;
using ActorWarden.Supervision.Tree.Launch;

namespace ActorWarden.Supervision.Tests.Specs;

/// <summary>The settings real servers need (issue 17): limits, umask, reload, pre-start/post-stop, and the user's account.</summary>
public sealed class ServerSettingsTests
{
    [Fact]
    public void Limits_umask_reload_and_hooks_bind_into_typed_settings()
    {
        using var config = new TempConfig("""
            warden.services.pg {
              command = /bin/true
              limits { nofile = 65536, nproc = "512:1024", core = unlimited, memlock = 64MiB }
              umask = "027"
              reload { signal = HUP }
              pre-start = ["/bin/sh", "-c", "initdb"]
              post-stop = ["/bin/true"]
              hook-timeout = 5s
            }
            """);

        var pg = WardenConfigLoader.Load(config.Path).Services.Single();

        pg.Limits.Should().Be(new ResourceLimits
        {
            Nofile = new ResourceLimit(65536, 65536),
            Nproc = new ResourceLimit(512, 1024),
            Core = new ResourceLimit(null, null),
            Memlock = new ResourceLimit(64UL << 20, 64UL << 20),
        });
        pg.Umask.Should().Be(Convert.ToInt32("027", 8));
        pg.Reload.Signal.Should().Be(ProcessSignal.SIGHUP);
        pg.Hooks.PreStart.Should().Equal("/bin/sh", "-c", "initdb");
        pg.Hooks.PostStop.Should().Equal("/bin/true");
        pg.Hooks.Timeout.Should().Be(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Nothing_set_means_the_wardens_own_limits_and_umask_and_no_reload()
    {
        using var config = new TempConfig("warden.services.web.command = /bin/true\n");

        var web = WardenConfigLoader.Load(config.Path).Services.Single();

        web.Limits.Should().BeNull();
        web.Umask.Should().BeNull();
        web.Reload.IsSet.Should().BeFalse();
        web.Hooks.Should().BeEquivalentTo(new HookSpec());
    }

    [Theory]
    [InlineData("limits.nofile = lots", "services.web.limits.nofile: expected a number, \"unlimited\", or \"SOFT:HARD\" of those, found \"lots\"")]
    [InlineData("limits.nofile = \"10:5\"", "services.web.limits.nofile: the soft limit 10 is above the hard limit 5")]
    [InlineData("umask = \"0999\"", "services.web.umask: expected an octal mask such as \"022\" or \"0027\", found \"0999\"")]
    [InlineData("reload.signal = SIGNOPE", "services.web.reload.signal: 'SIGNOPE' is not a signal; expected a name such as SIGHUP, HUP, USR1, TERM, RTMIN+1, or a number 1..64")]
    [InlineData("reload { signal = HUP, command = [\"/bin/true\"] }", "services.web.reload.command: set either reload.signal or reload.command, not both")]
    [InlineData("limits.nofle = 5", "services.web.limits.nofle: unknown key `nofle`; did you mean `nofile`?")]
    public void A_bad_value_is_one_error_naming_the_key(string line, string expected)
    {
        using var config = new TempConfig($"warden.services.web {{\n  command = /bin/true\n  {line}\n}}\n");

        var errors = ((Action)(() => WardenConfigLoader.Load(config.Path))).Should().Throw<WardenConfigException>().Which.Errors;

        errors.Should().ContainSingle().Which.ToString().Should().EndWith(expected);
    }

    [Fact]
    public void Binds_to_is_also_an_ordering_dependency_and_an_unknown_name_is_named_under_binds_to()
    {
        using var good = new TempConfig("""
            warden.services {
              db.command = /bin/true
              cache.command = /bin/true
              api { command = /bin/true, depends-on = [cache], binds-to = [db] }
            }
            """);
        using var bad = new TempConfig("warden.services.api { command = /bin/true, binds-to = [dbb] }\nwarden.services.db.command = /bin/true\n");

        var api = WardenConfigLoader.Load(good.Path).Services.Single(s => s.Name == "api");
        var errors = ((Action)(() => WardenConfigLoader.Load(bad.Path))).Should().Throw<WardenConfigException>().Which.Errors;

        api.DependsOn.Should().Equal("cache", "db");
        api.BindsTo.Should().Equal("db");
        errors.Should().ContainSingle().Which.ToString().Should().EndWith("services.api.binds-to: unknown service `dbb`; did you mean `db`?");
    }

    [Fact]
    public void A_user_brings_the_home_and_shell_of_its_account_and_env_still_wins()
    {
        var spec = new ServiceSpec { Name = "db", Command = "/bin/true", User = "root" };
        var warden = new Dictionary<string, string> { ["HOME"] = "/home/warden", ["USER"] = "warden", ["PATH"] = "/bin" };

        var env = InstanceEnvironment.Build(spec, new InstanceIdentity("db", "db", "db", 0), warden);
        var overridden = InstanceEnvironment.Build(spec with { Env = new Dictionary<string, string> { ["HOME"] = "/srv/db" } }, new InstanceIdentity("db", "db", "db", 0), warden);

        env["HOME"].Should().Be("/root");
        env["USER"].Should().Be("root");
        env["LOGNAME"].Should().Be("root");
        env["SHELL"].Should().Be("/bin/bash");
        overridden["HOME"].Should().Be("/srv/db");
    }
}
