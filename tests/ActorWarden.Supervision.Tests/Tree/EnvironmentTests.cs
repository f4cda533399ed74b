using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Supervision.Tests.Fakes;
using ActorWarden.Supervision.Tree.Launch;

namespace ActorWarden.Supervision.Tests.Tree;

public sealed class EnvironmentTests
{
    [Fact]
    public void An_instance_environment_is_inherited_plus_env_and_secrets_minus_unset_plus_instance_variables()
    {
        var spec = TestSpecs.Service("web", s => s with
        {
            Instances = 3,
            PortBase = 8000,
            Env = new Dictionary<string, string> { ["MODE"] = "prod", ["HOME"] = "/srv" },
            SecretEnv = new Dictionary<string, string> { ["TOKEN"] = "s3cr3t" },
            EnvUnset = ["DROP"],
        });
        var warden = new Dictionary<string, string> { ["PATH"] = "/bin", ["DROP"] = "x", ["HOME"] = "/root" };

        var env = InstanceEnvironment.Build(spec, new InstanceIdentity("web-3", "web", "web", 2), warden);

        env.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["PATH"] = "/bin",
            ["HOME"] = "/srv",
            ["MODE"] = "prod",
            ["TOKEN"] = "s3cr3t",
            ["SERVICE"] = "web",
            ["INSTANCE"] = "3",
            ["INSTANCE_INDEX"] = "2",
            ["INSTANCE_NAME"] = "web-3",
            ["PORT"] = "8002",
        });
    }

    [Fact]
    public void Without_inherit_env_only_the_configured_and_instance_variables_remain()
    {
        var spec = TestSpecs.Service("job", s => s with { InheritEnv = false, Env = new Dictionary<string, string> { ["A"] = "1" } });

        var env = InstanceEnvironment.Build(spec, new InstanceIdentity("job", "job", "job", 0), new Dictionary<string, string> { ["PATH"] = "/bin" });

        env.Keys.Should().BeEquivalentTo("A", "SERVICE", "INSTANCE", "INSTANCE_INDEX", "INSTANCE_NAME");
    }

    [Fact]
    public void Variables_expand_in_arguments_and_an_escaped_reference_stays_literal()
    {
        var env = new Dictionary<string, string> { ["PORT"] = "8001", ["INSTANCE"] = "2" };

        VariableExpander.Expand("--listen=:${PORT}/i${INSTANCE} $${PORT}", env, "args[0]").Should().Be("--listen=:8001/i2 ${PORT}");
        FluentActions.Invoking(() => VariableExpander.Expand("${PORT", env, "args[1]")).Should().Throw<FormatException>().WithMessage("args[1]: unclosed*");
    }

    [Fact]
    public async Task Secrets_reach_the_child_but_are_masked_in_events()
    {
        var settings = TestSpecs.Settings(TestSpecs.Service("api", s => s with
        {
            Args = ["--token=${TOKEN}", "--port", "${PORT}"],
            PortBase = 9000,
            Directory = "/srv/${SERVICE}",
            SecretEnv = new Dictionary<string, string> { ["TOKEN"] = "hunter2" },
        }));
        await using var warden = VirtualWarden.Start(settings);

        var child = warden.Launcher.Current("api");
        child.Spec.Arguments.Should().Equal("--token=hunter2", "--port", "9000");
        child.Spec.WorkingDirectory.Should().Be("/srv/api");
        child.Spec.Environment["TOKEN"].Should().Be("hunter2");
        var started = warden.Events.Named(EventNames.Started, "api").Single();
        ((IEnumerable<string>)started.Fields["args"]!).Should().Equal("--token=****", "--port", "9000");
        warden.Events.All.Select(EventJson.ToJson).Should().NotContain(line => line.Contains("hunter2"));
    }
}
