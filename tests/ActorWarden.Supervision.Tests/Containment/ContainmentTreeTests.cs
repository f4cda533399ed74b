using System.Diagnostics;
using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes;
using ActorWarden.Supervision.Runtime;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Containment;

/// <summary>
/// Issue 13's "done when", through the real tree with real processes: a service whose children call
/// setsid and overwrite their argv and environment (as PostgreSQL's do) and daemons that double-fork.
/// This machine, like CI, has a cgroup2 mount with cgroup.kill and writable v1 hierarchies, so every
/// mode runs for real; the fallback is forced with containment = off.
/// </summary>
[Trait("Category", "RealProcess")]
public sealed class ContainmentTreeTests(NativeEscaper escaper) : IClassFixture<NativeEscaper>, IDisposable
{
    private readonly string _scratch = CreateScratch();
    private readonly List<TreeWitness> _witnesses = [];

    public static TheoryData<ContainmentSetting> CgroupModes => new() { ContainmentSetting.V2, ContainmentSetting.V1 };

    public static TheoryData<ContainmentSetting> EveryMode => new() { ContainmentSetting.V2, ContainmentSetting.V1, ContainmentSetting.Off };

    [Theory]
    [MemberData(nameof(CgroupModes))]
    public async Task A_main_process_killed_with_SIGKILL_is_back_within_2_s_and_nothing_of_its_tree_is_left(ContainmentSetting mode)
    {
        var witness = Witness("pg.pids");
        await using var warden = await RealWarden.StartAsync(
            folder => RealWarden.Settings(folder, RealWarden.Shell("pg", $"exec {escaper.Executable} daemons 2 >> {witness.File}", folder, s => s with { Restart = RestartPolicy.Always })),
            launcher: Launcher(mode));
        await warden.WaitForState("pg", ProcessState.Running);
        await witness.UntilReady(1);
        var firstTree = witness.Seen.ToDictionary();
        var main = (await warden.StatusAsync("pg")).Pid!.Value;
        firstTree.Should().HaveCount(3, "a retitled setsid child and two double-forked daemons");

        var clock = Stopwatch.StartNew();
        Process.GetProcessById(main).Kill();
        await RealWarden.Eventually(async () => await warden.StatusAsync("pg") is { State: ProcessState.Running, Pid: { } pid } && pid != main, TimeSpan.FromSeconds(2), "pg running again");

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2));
        firstTree.Should().OnlyContain(p => ProcessInfo.ReadStartTime(p.Key) != p.Value, "the old tree was killed and reaped (no zombie) before the restart");
        var leftovers = warden.Events.Named(EventNames.Leftovers, "pg").Should().ContainSingle().Subject;
        ((int[])leftovers.Fields["pids"]!).Should().BeEquivalentTo(firstTree.Keys);
        ((string[])leftovers.Fields["commands"]!).Should().Contain("postgres: escaped backend 1");
        leftovers.Fields["action"].Should().Be("killed");
    }

    [Theory]
    [MemberData(nameof(CgroupModes))]
    public async Task A_forced_stop_after_the_stop_timeout_leaves_nothing_of_the_tree(ContainmentSetting mode)
    {
        var witness = Witness("stubborn.pids");
        await using var warden = await RealWarden.StartAsync(
            folder => RealWarden.Settings(folder, RealWarden.Shell("stubborn", $"trap '' TERM; {escaper.Executable} daemons 2 >> {witness.File} & while :; do sleep 0.05; done", folder, s => s with
            {
                KillMode = KillMode.Mixed,
                Stop = new StopSpec { Timeout = TimeSpan.FromMilliseconds(500) },
            })),
            launcher: Launcher(mode));
        await warden.WaitForState("stubborn", ProcessState.Running);
        await witness.UntilReady(1);

        (await warden.Warden.StopAsync("stubborn")).Kind.Should().Be(ControlOutcome.Ok);
        await warden.WaitForState("stubborn", ProcessState.Stopped);

        warden.Events.Named(EventNames.Killed, "stubborn").Should().ContainSingle();
        await RealWarden.Eventually(() => Task.FromResult(witness.Remaining().Count == 0), TimeSpan.FromSeconds(2), "nothing of the tree left");
    }

    [Theory]
    [MemberData(nameof(EveryMode))]
    public async Task A_hundred_start_stop_cycles_and_ten_warden_shutdowns_leave_no_process(ContainmentSetting mode)
    {
        var witness = Witness("cycles.pids");
        var launcher = Launcher(mode);
        var service = (string folder) => RealWarden.Settings(folder, RealWarden.Shell("daemon", DoubleForker(mode, witness), folder, s => s with { StartSeconds = TimeSpan.Zero }));
        await using (var warden = await RealWarden.StartAsync(service, launcher: launcher))
        {
            for (var cycle = 1; cycle <= 100; cycle++)
            {
                await witness.UntilReady(cycle);
                (await warden.Warden.StopAsync("daemon")).Kind.Should().Be(ControlOutcome.Ok);
                await warden.WaitForState("daemon", ProcessState.Stopped);
                if (cycle < 100)
                {
                    (await warden.Warden.StartAsync("daemon")).Kind.Should().Be(ControlOutcome.Ok);
                }
            }
        }

        for (var shutdown = 1; shutdown <= 10; shutdown++)
        {
            await using var warden = await RealWarden.StartAsync(service, launcher: launcher);
            await witness.UntilReady(100 + shutdown);
        }

        witness.Seen.Should().HaveCount(110 * (mode == ContainmentSetting.Off ? 2 : 3));
        await RealWarden.Eventually(() => Task.FromResult(witness.Remaining().Count == 0), TimeSpan.FromSeconds(2), "every process of every cycle gone, none a zombie");
    }

    [Fact]
    public async Task A_fork_bomb_under_max_pids_50_is_contained_and_the_other_services_stay_healthy()
    {
        var launcher = Launcher(ContainmentSetting.V2);
        await using var warden = await RealWarden.StartAsync(
            folder => RealWarden.Settings(
                folder,
                RealWarden.Shell("bomb", $"exec {escaper.Executable} forkbomb", folder, s => s with { MaxPids = 50 }),
                RealWarden.Shell("calm", "exec sleep 300", folder)),
            launcher: launcher);
        await warden.WaitForState("calm", ProcessState.Running);
        await warden.WaitForState("bomb", ProcessState.Running);
        var calm = (await warden.StatusAsync("calm")).Pid;
        await RealWarden.Eventually(async () => Tasks(await warden.Warden.GetStatusAsync(), launcher, "bomb") >= 50, because: "the bomb to reach its limit");

        await Task.Delay(500);

        Tasks(await warden.Warden.GetStatusAsync(), launcher, "bomb").Should().BeLessThanOrEqualTo(50);
        CountRunning(escaper.Executable).Should().BeLessThanOrEqualTo(50);
        (await warden.StatusAsync("calm")).Should().Match<InstanceStatus>(s => s.State == ProcessState.Running && s.Pid == calm);
        (await warden.Warden.StopAsync("bomb")).Kind.Should().Be(ControlOutcome.Ok);
        await warden.WaitForState("bomb", ProcessState.Stopped);
        await RealWarden.Eventually(() => Task.FromResult(CountRunning(escaper.Executable) == 0), TimeSpan.FromSeconds(2), "the whole bomb killed");
    }

    [Fact]
    public async Task A_tree_over_max_memory_is_oom_killed_by_the_kernel_reported_and_restarted()
    {
        await using var warden = await RealWarden.StartAsync(
            folder => RealWarden.Settings(folder, RealWarden.Shell("hog", $"exec {escaper.Executable} hog 256", folder, s => s with
            {
                MaxMemoryBytes = 64L << 20,
                Restart = RestartPolicy.Always,
                StartSeconds = TimeSpan.Zero,
                Backoff = new BackoffSpec { Min = TimeSpan.FromSeconds(5), Max = TimeSpan.FromSeconds(5), Jitter = 0 },
            })),
            launcher: Launcher(ContainmentSetting.V2));

        await RealWarden.Eventually(() => Task.FromResult(warden.Events.Named(EventNames.Exited, "hog").Count >= 1), because: "the hog OOM-killed");

        var oom = warden.Events.Named(EventNames.OomKilled, "hog").Should().ContainSingle().Subject;
        oom.Fields["limit_bytes"].Should().Be(64L << 20);
        warden.Events.Named(EventNames.Exited, "hog")[0].Fields["signal"].Should().Be(9);
        warden.Events.Named(EventNames.MemoryExceeded, "hog").Should().BeEmpty("the kernel enforced the limit, not the polling check");
        await RealWarden.Eventually(() => Task.FromResult(warden.Events.Named(EventNames.Backoff, "hog").Count >= 1), because: "a restart by policy");
    }

    [Fact]
    public async Task What_a_warden_killed_with_SIGKILL_left_in_its_control_groups_is_killed_at_the_next_start()
    {
        var witness = Witness("crashed.pids");
        var wardenId = "svtest-" + Guid.NewGuid().ToString("N")[..12];
        var crashed = ProcessLauncher.Create(new ContainmentOptions { Setting = ContainmentSetting.V2, WardenId = wardenId });
        using var previous = crashed.Start(new ProcessStartSpec
        {
            FileName = "/bin/sh",
            Arguments = ["-c", $"exec {escaper.Executable} daemons 2 >> {witness.File}"],
            CaptureOutput = false,
            ContainmentName = "pg",
        });
        await witness.UntilReady(1);
        witness.Seen.Should().HaveCount(3);

        // The next warden has the same id (same name and state file) and no memory of that group.
        var next = ProcessLauncher.Create(new ContainmentOptions { Setting = ContainmentSetting.V2, WardenId = wardenId });
        await using var warden = await RealWarden.StartAsync(folder => RealWarden.Settings(folder, RealWarden.Shell("other", "exec sleep 300", folder)), launcher: next);

        var leftover = warden.Events.Named(EventNames.LeftoverGroup).Should().ContainSingle().Subject;
        ((int[])leftover.Fields["pids"]!).Should().BeEquivalentTo([previous.Pid, .. witness.Seen.Keys]);
        await Task.WhenAny(previous.Exited, Task.Delay(TimeSpan.FromSeconds(2)));
        previous.Exited.IsCompleted.Should().BeTrue();
        await RealWarden.Eventually(() => Task.FromResult(witness.Remaining().Count == 0), TimeSpan.FromSeconds(2), "the leftovers killed");
        crashed.RemoveIdleGroups();
    }

    [Fact]
    public async Task Secret_values_in_the_command_lines_of_leftovers_are_masked()
    {
        var secret = "s3cret-" + Guid.NewGuid().ToString("N");
        await using var warden = await RealWarden.StartAsync(
            folder => RealWarden.Settings(folder, RealWarden.Shell("leaky", "setsid sh -c 'sleep 300' leftover \"$TOKEN\" & sleep 0.3; exit 3", folder, s => s with
            {
                SecretEnv = new Dictionary<string, string> { ["TOKEN"] = secret },
                Restart = RestartPolicy.Never,
            })),
            launcher: Launcher(ContainmentSetting.V2));

        await RealWarden.Eventually(() => Task.FromResult(warden.Events.Named(EventNames.Leftovers, "leaky").Count > 0), because: "the leftover reported");

        var commands = (string[])warden.Events.Named(EventNames.Leftovers, "leaky")[0].Fields["commands"]!;
        commands.Should().Contain("sh -c sleep 300 leftover ****").And.NotContain(c => c.Contains(secret));
    }

    [Fact]
    public async Task Max_pids_without_containment_fails_the_start_instead_of_running_unlimited()
    {
        await using var warden = await RealWarden.StartAsync(
            folder => RealWarden.Settings(folder, RealWarden.Shell("bomb", "exec sleep 300", folder, s => s with { MaxPids = 50 })),
            launcher: Launcher(ContainmentSetting.Off));

        await RealWarden.Eventually(() => Task.FromResult(warden.Events.Named(EventNames.SpawnFailed, "bomb").Count > 0), because: "a failed start");

        ((string)warden.Events.Named(EventNames.SpawnFailed, "bomb")[0].Fields["error"]!).Should().Contain("max-pids needs cgroup containment");
        warden.Events.Named(EventNames.Started, "bomb").Should().BeEmpty();
    }

    [Fact]
    public async Task An_exec_health_check_runs_as_the_services_user_in_its_directory()
    {
        var directory = Path.Combine(_scratch, "work");
        Directory.CreateDirectory(directory);
        await using var warden = await RealWarden.StartAsync(folder => RealWarden.Settings(folder, RealWarden.Shell("db", "exec sleep 300", folder, s => s with
        {
            User = "nobody",
            Directory = directory,
            Health = new HealthSpec
            {
                Type = HealthCheckType.Exec,
                Command = "/bin/sh",
                Args = ["-c", $"test \"$(id -un)\" = nobody && test \"$(pwd)\" = {directory}"],
                Interval = TimeSpan.FromMilliseconds(100),
                StartPeriod = TimeSpan.Zero,
            },
        })));

        await RealWarden.Eventually(() => Task.FromResult(warden.Events.Named(EventNames.Health, "db").Any(e => (string?)e.Fields["state"] is "healthy" or "unhealthy")), because: "a verdict");

        warden.Events.Named(EventNames.Health, "db").Select(e => e.Fields["state"]).Should().Contain("healthy").And.NotContain("unhealthy");
    }

    public void Dispose()
    {
        foreach (var witness in _witnesses)
        {
            witness.KillRemaining();
        }

        Directory.Delete(_scratch, recursive: true);
    }

    private static string CreateScratch()
    {
        // Readable by every user: the health check runs as nobody in a folder under it.
        var path = Path.Combine(Path.GetTempPath(), "aw-contain-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }

    private static IProcessLauncher Launcher(ContainmentSetting mode) =>
        ProcessLauncher.Create(new ContainmentOptions { Setting = mode, WardenId = "svtest-" + Guid.NewGuid().ToString("N")[..12] });

    /// <summary>
    /// Without a control group only what the sweep can find is promised: a setsid child and a
    /// double-forked daemon that keep the environment marker (see docs/security.md for what escapes it).
    /// </summary>
    private string DoubleForker(ContainmentSetting mode, TreeWitness witness) => mode == ContainmentSetting.Off
        ? $"setsid -w sh -c 'sleep 300 & echo $! >> {witness.File}'; echo $$ >> {witness.File}; echo ready >> {witness.File}; exec sleep 300"
        : $"exec {escaper.Executable} daemons 2 >> {witness.File}";

    private TreeWitness Witness(string name)
    {
        var witness = new TreeWitness(Path.Combine(_scratch, name));
        _witnesses.Add(witness);
        return witness;
    }

    private static int Tasks(WardenStatus status, IProcessLauncher launcher, string instance) =>
        ContainedStatus.Enrich(status, launcher).Instances.Single(i => i.Name == instance).Tasks ?? 0;

    private static int CountRunning(string executable)
    {
        var count = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && !ProcessInfo.IsZombie(pid))
            {
                try
                {
                    if (File.ResolveLinkTarget(Path.Combine(directory, "exe"), returnFinalTarget: false)?.FullName == executable)
                    {
                        count++;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }

        return count;
    }
}
