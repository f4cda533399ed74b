using ActorWarden.Processes;
using ActorWarden.Supervision.Health;
using ActorWarden.Config;

namespace ActorWarden.Supervision.Tests.Health;

public sealed class HealthProbeFactoryTests
{
    private static Action Creating(HealthSpec spec) => () => HealthProbeFactory.Create(spec, ProcessLauncher.ForCurrentOs());

    [Theory]
    [InlineData("")]
    [InlineData("localhost:8080/health")]
    [InlineData("ftp://127.0.0.1/health")]
    public void An_unusable_url_names_the_setting(string url) =>
        Creating(new HealthSpec { Type = HealthCheckType.Http, Url = url })
            .Should().Throw<ArgumentException>().WithMessage($"health.url*'{url}'*");

    [Theory]
    [InlineData("${PORT}")]
    [InlineData("0")]
    [InlineData("70000")]
    [InlineData("-1")]
    public void An_unexpanded_or_invalid_port_names_the_setting(string port) =>
        Creating(new HealthSpec { Type = HealthCheckType.Tcp, Port = port })
            .Should().Throw<ArgumentException>().WithMessage($"health.port*'{port}'*");

    [Fact]
    public void A_missing_command_names_it() =>
        Creating(new HealthSpec { Type = HealthCheckType.Exec, Command = "no-such-health-binary-xyz" })
            .Should().Throw<ArgumentException>().WithMessage("health.command*'no-such-health-binary-xyz'*not found*");

    [Fact]
    public void An_invalid_expected_status_is_refused() =>
        Creating(new HealthSpec { Type = HealthCheckType.Http, Url = "http://127.0.0.1/", ExpectStatus = [200, 999] })
            .Should().Throw<ArgumentException>().WithMessage("health.expect-status*999*");

    [Fact]
    public void Type_none_has_no_probe() =>
        Creating(new HealthSpec()).Should().Throw<ArgumentException>().WithMessage("health.type = none*");

    [Fact]
    public void A_zero_threshold_is_refused() =>
        Creating(new HealthSpec { Type = HealthCheckType.Tcp, Port = "80", Failures = 0 })
            .Should().Throw<ArgumentException>().WithMessage("health.failures*0*");
}
