using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Functional.Tests;

/// <summary>
/// `warden run` starts itself again in place with a 4 MiB young generation (docs/hosting.md, "Memory kept
/// near what is used"): the same pid, the variable in its start-up environment, and none of it passed on to
/// the programs it supervises.
/// </summary>
public sealed class YoungGenerationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_warden_keeps_its_pid_runs_with_a_small_young_generation_and_its_children_do_not_inherit_it()
    {
        var marker = Path.Combine(Path.GetTempPath(), "warden-gen0-" + Guid.NewGuid().ToString("N") + ".env");
        try
        {
            await using var warden = RunningWarden.Start($$"""
                    envdump { command = /bin/sh, args = ["-c", "env > {{marker}}; exec sleep 1000"], start-seconds = 100ms }
                """);
            await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "envdump running");

            warden.Output.Should().Contain($"started (pid {warden.Pid})", "the exec keeps the pid the warden was started with");
            File.ReadAllText($"/proc/{warden.Pid}/environ").Split('\0').Should().Contain("DOTNET_GCgen0size=0x400000", "the runtime of the running warden was started with it");

            await Eventually.True(() => File.Exists(marker) && File.ReadAllText(marker).Contains("PATH=", StringComparison.Ordinal), "the child's environment");
            var childEnvironment = File.ReadAllText(marker);
            childEnvironment.Should().NotContain("DOTNET_GCgen0size", "the warden's GC tuning is its own");
            childEnvironment.Should().NotContain("WARDEN_SET_GCGEN0SIZE");
        }
        finally
        {
            File.Delete(marker);
        }
    }
}
