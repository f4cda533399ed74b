using ActorWarden.Processes;
using ActorWarden.Config;

namespace ActorWarden.Supervision.Tests.Specs;

/// <summary>The containment keys (issue 13): warden.containment, kill-mode, max-pids and cpu-quota, with systemd's spellings.</summary>
public sealed class ContainmentConfigTests
{
    [Fact]
    public void The_defaults_are_auto_containment_and_kill_mode_control_group_without_limits()
    {
        using var config = new TempConfig("warden.services.web.command = /bin/true\n");

        var settings = WardenConfigLoader.Load(config.Path);

        settings.Containment.Should().Be(ContainmentSetting.Auto);
        var web = settings.Services.Single();
        web.KillMode.Should().Be(KillMode.ControlGroup);
        web.MaxPids.Should().BeNull();
        web.CpuQuota.Should().BeNull();
    }

    [Theory]
    [InlineData("cpu-quota = 50%", 0.5)]
    [InlineData("cpu-quota = \"250%\"", 2.5)]
    [InlineData("cpu-quota = 0.25", 0.25)]
    public void Cpu_quota_takes_systemds_percent_or_a_fraction_of_one_cpu(string line, double expected)
    {
        using var config = new TempConfig($"warden.services.web {{ command = /bin/true, {line} }}\n");

        WardenConfigLoader.Load(config.Path).Services.Single().CpuQuota.Should().BeApproximately(expected, 1e-9);
    }

    [Fact]
    public void Kill_mode_max_pids_and_containment_are_bound()
    {
        using var config = new TempConfig("warden.containment = v1\nwarden.services.web { command = /bin/true, kill-mode = mixed, max-pids = 50 }\n");

        var settings = WardenConfigLoader.Load(config.Path);

        settings.Containment.Should().Be(ContainmentSetting.V1);
        settings.Services.Single().KillMode.Should().Be(KillMode.Mixed);
        settings.Services.Single().MaxPids.Should().Be(50);
    }

    [Fact]
    public void Bad_values_are_each_reported_with_file_line_column_and_key_path()
    {
        using var config = new TempConfig("""
            warden {
              containment = v3
              services.web {
                command = /bin/true
                kill-mode = group
                max-pids = 0
                cpu-quota = lots
              }
            }
            """);

        var errors = ((Action)(() => WardenConfigLoader.Load(config.Path))).Should().Throw<WardenConfigException>().Which.Errors;

        errors.Select(e => e.Path).Should().BeEquivalentTo("containment", "services.web.kill-mode", "services.web.max-pids", "services.web.cpu-quota");
        errors.Should().OnlyContain(e => e.Origin != null && e.ToString().StartsWith(config.Path + ":"));
        errors.Single(e => e.Path == "services.web.kill-mode").ToString().Should().Contain(":5:").And.Contain("control-group");
        errors.Single(e => e.Path == "services.web.cpu-quota").Message.Should().Contain("50%");
    }
}
