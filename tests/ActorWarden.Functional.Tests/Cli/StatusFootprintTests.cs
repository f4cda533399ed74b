using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Functional.Tests.Cli;

/// <summary>
/// `warden status` asks a running warden a question and prints the answer; it must not pay for the
/// server (ASP.NET Core), the actor runtime (Akka) or the supervision tree to do so (issue 15: "the CLI
/// loads no ASP.NET Core and no actor system to ask a question"). The CLI's hidden diagnostic
/// WARDEN_LOADED_ASSEMBLIES lists what the process loaded.
/// </summary>
public sealed class StatusFootprintTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("status")]
    [InlineData("status", "--json")]
    public async Task Status_loads_neither_ASP_NET_Core_nor_Akka_nor_the_supervision_assembly(params string[] command)
    {
        await using var warden = RunningWarden.Start("""
                sleeper { command = /bin/sleep, args = ["1000"], instances = 2, start-seconds = 100ms }
            """);
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 2), Patience, "2 running sleepers");
        var list = Path.Combine(warden.Directory, "loaded-assemblies.txt");

        var result = await WardenBinary.RunAsync(
            warden.Directory,
            Patience,
            new Dictionary<string, string> { ["WARDEN_LOADED_ASSEMBLIES"] = list },
            [.. command, "--config", warden.ConfigPath]);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Contain("sleeper-2");
        var loaded = File.ReadAllLines(list);
        loaded.Should().Contain(["warden", "System.Private.CoreLib"], "the diagnostic lists what the process loaded");
        loaded.Should().NotContain(name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal), "the server is not needed to ask it");
        loaded.Should().NotContain(name => name.StartsWith("Akka", StringComparison.Ordinal), "no actor system is needed to ask a question");
        loaded.Should().NotContain("ActorWarden.Supervision", "the tree is not needed to read its status");
        loaded.Should().NotContain("ActorWarden.ControlPlane", "the client is not the server");
        loaded.Should().Contain(["ActorWarden.ControlPlane.Client", "ActorWarden.Contracts"]);
    }
}
