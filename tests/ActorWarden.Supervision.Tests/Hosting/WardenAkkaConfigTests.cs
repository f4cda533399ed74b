using ActorWarden.Config;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Tests.Specs;

namespace ActorWarden.Supervision.Tests.Hosting;

/// <summary>Which executor the default dispatcher gets, and that one the operator chose is left alone.</summary>
public sealed class WardenAkkaConfigTests
{
    private const string Executor = "akka.actor.default-dispatcher.executor";

    private static WardenSettings Load(string text)
    {
        using var file = new TempConfig("warden.services.web.command = /bin/true\n" + text);
        return WardenConfigLoader.Load(file.Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("warden.diagnostics.stage-costs = on\n")]
    public void The_default_dispatcher_runs_on_the_run_next_executor_with_or_without_stage_costs(string text)
    {
        WardenAkkaConfig.For(Load(text)).GetString(Executor).Should().Be($"{typeof(RunNextExecutorConfigurator).FullName}, ActorWarden.Supervision");
    }

    [Theory]
    [InlineData("", "fork-join-executor")]
    [InlineData("warden.diagnostics.stage-costs = on\n", "fork-join-executor")]
    [InlineData("", "default-executor")]
    public void An_executor_the_operator_chose_is_kept(string text, string executor)
    {
        var settings = Load(text + $"akka.actor.default-dispatcher.executor = {executor}\n");

        WardenAkkaConfig.For(settings).GetString(Executor).Should().Be(executor);
    }
}
