using System.Globalization;
using System.Text.RegularExpressions;

namespace ActorWarden.Host.Tests.Wine;

/// <summary>
/// The Windows service host for real, under Wine's service control manager: sc create/start/query/
/// stop/delete against the published probe, which runs WardenHost with RunAsWindowsService and
/// supervises a child (plus grandchild) in a job object.
/// </summary>
public sealed class WineServiceTests : IClassFixture<WineServiceFixture>
{
    private static readonly TimeSpan ScTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(60);
    private readonly WineServiceFixture _wine;

    public WineServiceTests(WineServiceFixture wine) => _wine = wine;

    [Fact]
    public async Task Sc_start_runs_the_supervised_tree_and_sc_stop_kills_it_and_reports_stopped()
    {
        await using var service = await ProbeService.CreateAsync(_wine, "AwProbeStop");

        await service.Sc("start");
        (await service.WaitForState("RUNNING")).Should().Contain("WIN32_OWN_PROCESS");
        await service.WaitForHeartbeats();
        service.LinuxProcessesOfThisService().Should().HaveCount(3, "the service process, its child and the grandchild run");

        await service.Sc("stop");
        await service.WaitForState("STOPPED");

        await service.WaitUntilNoProcessesRemain();
        (await service.HeartbeatsAreFrozen()).Should().BeTrue("the job object took the child and the grandchild");
        File.Exists(Path.Combine(service.Markers, "runtime-stopped.txt")).Should().BeTrue();
        service.ReadLog().Should().Contain($"The SCM asked service {service.Name} to stop").And.Contain("Warden host exiting with code 0");
    }

    [Fact]
    public async Task A_root_policy_that_gives_up_stops_the_service_on_its_own_with_its_exit_code()
    {
        await using var service = await ProbeService.CreateAsync(_wine, "AwProbeGiveUp");

        await service.Sc("start");
        await service.WaitForState("RUNNING");
        await service.WaitForHeartbeats();
        File.WriteAllText(Path.Combine(service.Markers, "give-up.txt"), "3");
        await service.WaitForState("STOPPED");

        await service.WaitUntilNoProcessesRemain();
        service.ReadLog().Should().Contain("ended on its own (exit code 3)").And.Contain("Warden host exiting with code 3");
    }

    /// <summary>One registered service with its own marker folder; deleted from the SCM on dispose.</summary>
    private sealed class ProbeService : IAsyncDisposable
    {
        private readonly WineServiceFixture _wine;
        private readonly string _configWindows;
        private readonly string _markersWindows;

        private ProbeService(WineServiceFixture wine, string name)
        {
            _wine = wine;
            Name = name + wine.RunId;
            Markers = Path.Combine(wine.AppDirectory, "markers-" + Name);
            _markersWindows = WineServiceFixture.AppDirectoryWindows + @"\markers-" + Name;
            _configWindows = WineServiceFixture.AppDirectoryWindows + @"\" + Name + ".conf";
        }

        public string Name { get; }

        public string Markers { get; }

        public static async Task<ProbeService> CreateAsync(WineServiceFixture wine, string name)
        {
            var service = new ProbeService(wine, name);
            Directory.CreateDirectory(service.Markers);
            File.WriteAllText(Path.Combine(wine.AppDirectory, service.Name + ".conf"), $"markers={service._markersWindows}\n");
            var binPath = $@"{WineServiceFixture.AppDirectoryWindows}\ServiceProbe.exe run --service {service._configWindows}";
            var created = await service.Sc("create", "binPath=", binPath);
            created.Should().NotContain("FAILED");
            return service;
        }

        public async Task<string> Sc(string verb, params string[] arguments)
        {
            var result = await CommandRunner.RunAsync(_wine.Wine, new[] { "sc", verb, Name }.Concat(arguments), _wine.Environment, ScTimeout);
            result.ExitCode.Should().Be(0, $"'sc {verb} {Name}' should succeed: {result.Both}");
            return result.Output;
        }

        /// <summary>Polls sc query until STATE shows <paramref name="state"/>; returns that query's output.</summary>
        public async Task<string> WaitForState(string state)
        {
            var deadline = DateTime.UtcNow + StateTimeout;
            var last = string.Empty;
            while (DateTime.UtcNow < deadline)
            {
                last = (await CommandRunner.RunAsync(_wine.Wine, new[] { "sc", "query", Name }, _wine.Environment, ScTimeout)).Output;
                if (Regex.IsMatch(last, @"STATE\s+:\s+\d+\s+" + state))
                {
                    return last;
                }

                await Task.Delay(200);
            }

            throw new TimeoutException($"service {Name} did not reach {state} within {StateTimeout.TotalSeconds:0} s; last query: {last}; log: {ReadLog()}");
        }

        public Task WaitForHeartbeats() => Fakes.Eventually.True(
            () => Heartbeat(1) > 2 && Heartbeat(2) > 2,
            $"heartbeats of the child and grandchild in {Markers}",
            StateTimeout);

        public async Task<bool> HeartbeatsAreFrozen()
        {
            var before = (Heartbeat(1), Heartbeat(2));
            await Task.Delay(TimeSpan.FromMilliseconds(600));
            return (Heartbeat(1), Heartbeat(2)) == before;
        }

        /// <summary>Wine processes are Linux processes whose command line is the Windows one; ours name our config or markers.</summary>
        public IReadOnlyList<int> LinuxProcessesOfThisService() =>
            Directory.EnumerateDirectories("/proc")
                .Select(Path.GetFileName)
                .Where(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                .Select(pid => (Pid: int.Parse(pid!, CultureInfo.InvariantCulture), CommandLine: ReadCommandLine(pid!)))
                .Where(p => p.CommandLine.Contains(_configWindows, StringComparison.Ordinal) || p.CommandLine.Contains(_markersWindows + " ", StringComparison.Ordinal))
                .Select(p => p.Pid)
                .ToArray();

        public Task WaitUntilNoProcessesRemain() => Fakes.Eventually.True(
            () => LinuxProcessesOfThisService().Count == 0,
            $"every process of {Name} to exit (left: {string.Join(", ", LinuxProcessesOfThisService())})",
            TimeSpan.FromSeconds(15));

        public string ReadLog()
        {
            var logs = Directory.GetFiles(_wine.AppDirectory, Name + "-service*.log");
            return string.Concat(logs.Select(path =>
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                return new StreamReader(stream).ReadToEnd();
            }));
        }

        public async ValueTask DisposeAsync()
        {
            await CommandRunner.RunAsync(_wine.Wine, new[] { "sc", "stop", Name }, _wine.Environment, ScTimeout);
            await CommandRunner.RunAsync(_wine.Wine, new[] { "sc", "delete", Name }, _wine.Environment, ScTimeout);
            foreach (var pid in LinuxProcessesOfThisService())
            {
                try
                {
                    System.Diagnostics.Process.GetProcessById(pid).Kill();
                }
                catch (ArgumentException)
                {
                }
            }
        }

        private static string ReadCommandLine(string pid)
        {
            try
            {
                return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            }
            catch (IOException)
            {
                return string.Empty;
            }
            catch (UnauthorizedAccessException)
            {
                return string.Empty;
            }
        }

        private long Heartbeat(int level)
        {
            try
            {
                var path = Path.Combine(Markers, $"heartbeat-{level}.txt");
                return File.Exists(path) && long.TryParse(File.ReadAllText(path), NumberStyles.None, CultureInfo.InvariantCulture, out var beat) ? beat : 0;
            }
            catch (IOException)
            {
                return 0;
            }
        }
    }
}
