using System.Text.RegularExpressions;
using ActorWarden.ControlPlane.Tests.Infrastructure;
using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Functional.Tests;

/// <summary>
/// The native front of a Linux publish (ActorWarden.Cli.Native): `warden status` answered without the
/// .NET runtime, with the managed CLI's own words; every other command run by the managed warden in the
/// same process. Whether the runtime started is read from its host's trace file
/// (COREHOST_TRACE/COREHOST_TRACEFILE), which only the managed warden's host writes.
/// </summary>
public sealed partial class NativeFrontTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Status_is_answered_without_the_runtime_in_the_managed_clis_words()
    {
        await using var warden = RunningWarden.Start("""
                sleeper { command = /bin/sleep, args = ["1000"], instances = 3, start-seconds = 0s }
                oneshot { command = /bin/true, restart = never, start-seconds = 0s }
            """);
        await warden.WaitForAsync(s => RunningWarden.Instances(s).Count(i => i.GetProperty("state").GetString() == "running") == 3, Patience, "3 running sleepers");

        foreach (var args in new[] { new[] { "status" }, new[] { "status", "--json" } })
        {
            var (front, managed, trace) = await BothAsync(warden, args);

            front.ExitCode.Should().Be(0, front.Stderr);
            front.Stderr.Should().BeEmpty();
            trace.Should().BeFalse("the front answered {0} without starting the runtime", string.Join(' ', args));
            Masked(front.Stdout).Should().Be(Masked(managed.Stdout));
            front.Stdout.Should().Contain("sleeper-3");
        }
    }

    [Fact]
    public async Task A_warden_run_through_the_front_is_the_managed_warden_in_the_same_process()
    {
        await using var warden = RunningWarden.Start("""
                sleeper { command = /bin/sleep, args = ["1000"], start-seconds = 0s }
            """, executable: WardenBinary.NativeFrontPath);
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "a running sleeper");

        var exe = new FileInfo($"/proc/{warden.Pid}/exe").ResolveLinkTarget(returnFinalTarget: true)!.FullName;
        exe.Should().Be(new FileInfo(WardenBinary.Path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? WardenBinary.Path, "exec kept the pid the front was started with");
        File.ReadAllText($"/proc/{warden.Pid}/cmdline").Split('\0')[..3].Should().Equal(WardenBinary.NativeFrontPath, "run", warden.ConfigPath);
    }

    [Fact]
    public async Task Commands_and_errors_the_front_does_not_answer_are_the_managed_wardens()
    {
        using var folder = new TempDirectory();
        var missing = Path.Combine(folder.Path, "missing.conf");
        foreach (var args in new[] { new[] { "version" }, new[] { "status", "--bogus" }, new[] { "status", "-c", missing }, new[] { "status", "--json", "-c", missing } })
        {
            var trace = Path.Combine(folder.Path, "trace-" + Guid.NewGuid().ToString("N"));
            var front = await WardenBinary.RunExecutableAsync(WardenBinary.NativeFrontPath, folder.Path, Patience, Traced(trace), args);
            var managed = await WardenBinary.RunAsync(folder.Path, Patience, args);

            File.Exists(trace).Should().BeTrue("warden {0} ran in the managed warden", string.Join(' ', args));
            front.Should().Be(managed);
        }
    }

    [Fact]
    public async Task A_live_endpoint_whose_api_does_not_answer_is_reported_by_the_managed_warden()
    {
        // An endpoint file naming a live pid (this test process) and a port nobody listens on: the front's
        // request fails, so it prints nothing and the managed warden explains, as for any failure.
        using var folder = new TempDirectory();
        var config = folder.File("warden.conf");
        File.WriteAllText(config, "warden { }");
        var token = folder.File("token");
        File.WriteAllText(token, "front-test-token-0123456789");
        File.SetUnixFileMode(token, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        ActorWarden.ControlPlane.Client.EndpointFile.Write(config, new Uri($"http://127.0.0.1:{FreePort.Next()}/"), token);
        try
        {
            var trace = folder.File("trace");
            var front = await WardenBinary.RunExecutableAsync(WardenBinary.NativeFrontPath, folder.Path, Patience, Traced(trace), "status", "-c", config);
            var managed = await WardenBinary.RunAsync(folder.Path, Patience, "status", "-c", config);

            File.Exists(trace).Should().BeTrue("the front left the failed request to the managed warden");
            front.Should().Be(managed);
            front.ExitCode.Should().Be(3, front.Stderr);
            front.Stderr.Should().Contain("cannot reach the warden");
        }
        finally
        {
            ActorWarden.ControlPlane.Client.EndpointFile.Delete(config);
        }
    }

    [Fact]
    public async Task A_front_without_its_managed_warden_says_which_file_it_could_not_run()
    {
        using var folder = new TempDirectory();
        var front = folder.File("warden");
        File.Copy(WardenBinary.NativeFrontPath, front);

        var result = await WardenBinary.RunExecutableAsync(front, folder.Path, Patience, new Dictionary<string, string>(), "version");

        result.ExitCode.Should().Be(1);
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().Be($"warden: cannot run {folder.File("warden-managed")}: No such file or directory\n");
    }

    [Fact]
    public async Task A_front_reached_through_a_symbolic_link_finds_the_managed_warden_beside_its_target()
    {
        using var folder = new TempDirectory();
        var link = folder.File("warden");
        File.CreateSymbolicLink(link, WardenBinary.NativeFrontPath);

        var front = await WardenBinary.RunExecutableAsync(link, folder.Path, Patience, new Dictionary<string, string>(), "version");
        var managed = await WardenBinary.RunAsync(folder.Path, Patience, "version");

        front.Should().Be(managed, "the documented install links /usr/local/bin/warden to the published front");
    }

    [Fact]
    public async Task A_token_written_in_the_config_is_found_by_the_managed_warden()
    {
        await using var warden = RunningWarden.Start("""
                sleeper { command = /bin/sleep, args = ["1000"], start-seconds = 0s }
            """, extraWarden: """control.http.token = "front-test-token-0123456789" """);
        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "running", 1), Patience, "a running sleeper");

        var (front, managed, trace) = await BothAsync(warden, ["status"]);

        trace.Should().BeTrue("the endpoint file names no token file, so the managed warden reads the config");
        front.ExitCode.Should().Be(0, front.Stderr);
        Masked(front.Stdout).Should().Be(Masked(managed.Stdout));
    }

    [Fact]
    public async Task A_simulation_through_the_front_starts_the_runtime_once()
    {
        // The managed warden runs `simulate` without tiered PGO and, started without the variable, execs itself
        // again to get it; the front sets it before its one exec, so the host starts (and traces) once.
        using var folder = new TempDirectory();
        var config = folder.File("warden.conf");
        File.WriteAllText(config, "warden { services { s { command = /bin/s, restart = always } } }");
        var scenario = folder.File("scenario.conf");
        File.WriteAllText(scenario, "scenario { duration = 1m, seed = 7, services { s { crash-rate { mean-time-between = 10s, code = 1 } } } }");
        var trace = folder.File("trace");

        var front = await WardenBinary.RunExecutableAsync(WardenBinary.NativeFrontPath, folder.Path, Patience, Traced(trace), "simulate", config, "--scenario", scenario, "--json");
        var managed = await WardenBinary.RunAsync(folder.Path, Patience, "simulate", config, "--scenario", scenario, "--json");

        front.ExitCode.Should().Be(0, front.Stderr);
        front.Should().Be(managed);
        Regex.Matches(File.ReadAllText(trace), "^--- Invoked apphost", RegexOptions.Multiline).Should().HaveCount(1, "the front passed DOTNET_TieredPGO=0 to its exec");
    }

    /// <summary>
    /// The front's answer, then the managed CLI's, asked again while they differ by more than the
    /// clock: uptimes, CPU and RSS move between two calls, and a sample can land between them.
    /// </summary>
    private static async Task<(CliResult Front, CliResult Managed, bool Traced)> BothAsync(RunningWarden warden, string[] args)
    {
        var withConfig = args.Concat(["--config", warden.ConfigPath]).ToArray();
        for (var attempt = 1; ; attempt++)
        {
            var trace = Path.Combine(warden.Directory, "trace-" + Guid.NewGuid().ToString("N"));
            var front = await WardenBinary.RunExecutableAsync(WardenBinary.NativeFrontPath, warden.Directory, Patience, Traced(trace), withConfig);
            var managed = await warden.CliAsync(args);
            if (Masked(front.Stdout) == Masked(managed.Stdout) || attempt == 5)
            {
                return (front, managed, File.Exists(trace));
            }
        }
    }

    private static Dictionary<string, string> Traced(string file) => new() { ["COREHOST_TRACE"] = "1", ["COREHOST_TRACEFILE"] = file };

    /// <summary>The text with every number as 0 and runs of spaces as one, so only the clock's moves are ignored.</summary>
    private static string Masked(string text) => Spaces().Replace(Numbers().Replace(text, "0"), " ");

    [GeneratedRegex(@"\d+(\.\d+)?")]
    private static partial Regex Numbers();

    [GeneratedRegex(" +")]
    private static partial Regex Spaces();

}
