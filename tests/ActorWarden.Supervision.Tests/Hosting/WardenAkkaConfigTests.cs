using ActorWarden.Config;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Tests.Specs;

namespace ActorWarden.Supervision.Tests.Hosting;

/// <summary>What warden.diagnostics.stage-costs does to the actor system's config, and what it leaves alone.</summary>
public sealed class WardenAkkaConfigTests
{
    private const string Executor = "akka.actor.default-dispatcher.executor";

    private static WardenSettings Load(string text)
    {
        using var file = new TempConfig("warden.services.web.command = /bin/true\n" + text);
        return WardenConfigLoader.Load(file.Path);
    }

    [Fact]
    public void Stage_costs_wrap_akkas_thread_pool_executor_and_leave_it_alone_when_off()
    {
        // Unset: the actor system falls back to Akka's own reference config, whose executor is "default-executor".
        WardenAkkaConfig.For(Load("")).GetString(Executor, "").Should().BeEmpty();
        WardenAkkaConfig.For(Load("warden.diagnostics.stage-costs = on\n")).GetString(Executor)
            .Should().StartWith(typeof(StageMeteredExecutorConfigurator).FullName);
    }

    [Fact]
    public void Stage_costs_keep_an_executor_the_operator_chose()
    {
        var settings = Load("warden.diagnostics.stage-costs = on\nakka.actor.default-dispatcher.executor = fork-join-executor\n");

        WardenAkkaConfig.For(settings).GetString(Executor).Should().Be("fork-join-executor");
    }
}
