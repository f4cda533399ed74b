using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Functional.Tests.Cli;

/// <summary>
/// The commands that read the config without running it need the config binding (ActorWarden.Config),
/// not the supervision tree, Akka or ASP.NET Core: start, stop and restart read each service's stop
/// timeout and start budget for their wait, `validate` checks a file. Measured, as for `warden status`
/// (<see cref="StatusFootprintTests"/>), with the CLI's hidden diagnostic WARDEN_LOADED_ASSEMBLIES.
/// </summary>
public sealed class ConfigFootprintTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("stop")]
    [InlineData("start")]
    [InlineData("restart")]
    public async Task A_blocking_control_command_reads_the_config_without_loading_the_supervision_assembly(string verb)
    {
        await using var warden = RunningWarden.Start("""
                sleeper { command = /bin/sleep, args = ["1000"], start-seconds = 100ms }
            """);
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "a running sleeper");
        if (verb == "start")
        {
            var stop = await warden.CliAsync("stop", "sleeper");
            stop.ExitCode.Should().Be(0, stop.Stderr);
        }

        var list = Path.Combine(warden.Directory, "loaded-assemblies.txt");
        var result = await WardenBinary.RunAsync(
            warden.Directory,
            Patience,
            new Dictionary<string, string> { ["WARDEN_LOADED_ASSEMBLIES"] = list },
            verb, "sleeper", "--config", warden.ConfigPath);

        result.ExitCode.Should().Be(0, result.Stderr);
        var loaded = File.ReadAllLines(list);
        loaded.Should().Contain(["warden", "ActorWarden.ControlPlane.Client"], "the diagnostic lists what the process loaded");
        loaded.Should().Contain("ActorWarden.Config", "the wait budget comes from the services' settings in the config");
        loaded.Should().NotContain("ActorWarden.Supervision", "reading the config needs the binding, not the tree");
        loaded.Should().NotContain(name => name.StartsWith("Akka", StringComparison.Ordinal), "no actor system is needed to send a command");
        loaded.Should().NotContain(name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal), "the server is not needed to ask it");
        loaded.Should().NotContain("ActorWarden.ControlPlane", "the client is not the server");
    }

    [Fact]
    public async Task Validate_checks_a_file_without_loading_the_supervision_assembly()
    {
        var directory = Directory.CreateTempSubdirectory("warden-footprint-").FullName;
        try
        {
            var config = Path.Combine(directory, "warden.conf");
            File.WriteAllText(config, """warden.services.sleeper { command = /bin/sleep, args = ["1000"] }""");
            var list = Path.Combine(directory, "loaded-assemblies.txt");

            var result = await WardenBinary.RunAsync(
                directory,
                Patience,
                new Dictionary<string, string> { ["WARDEN_LOADED_ASSEMBLIES"] = list },
                "validate", config);

            result.ExitCode.Should().Be(0, result.Stderr);
            result.Stdout.Should().Contain("ok (1 service");
            var loaded = File.ReadAllLines(list);
            loaded.Should().Contain(["warden", "ActorWarden.Config", "ActorWarden.Hocon"], "validate binds the file like run does");
            loaded.Should().NotContain("ActorWarden.Supervision", "checking a config needs the binding, not the tree");
            loaded.Should().NotContain(name => name.StartsWith("Akka", StringComparison.Ordinal), "no actor system is needed to check a file");
            loaded.Should().NotContain(name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal), "the control plane's settings are checked without its server");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
