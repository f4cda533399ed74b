using ActorWarden.Host.Install;
using ActorWarden.Host.Logging.EventLog;
using ActorWarden.Host.Tests.Fakes;
using ActorWarden.Host.Windows;

namespace ActorWarden.Host.Tests.Install;

/// <summary>The SCM registration logic against a fake service manager, on any OS.</summary>
public sealed class WindowsServiceInstallerTests
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private readonly FakeServiceManager _manager = new();
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task Install_registers_an_auto_start_own_process_service_with_restart_recovery_actions()
    {
        var request = Request();

        (await Installer().InstallAsync(request)).Should().Be(0);

        _manager.Calls.Should().Equal("Exists warden", "Create warden");
        var definition = _manager.Created!;
        definition.BinaryPath.Should().Be($"\"C:\\warden\\warden.exe\" run --service \"{request.ConfigFile}\"");
        definition.DisplayName.Should().Be("ActorWarden (warden)");
        definition.RestartDelays.Should().Equal(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
        definition.ResetPeriod.Should().Be(TimeSpan.FromDays(1));
        definition.FailureActionsOnNonCrashFailures.Should().BeTrue();
        _output.ToString().Should().EndWith("Start it with:\n  sc.exe start warden\n");
    }

    [Fact]
    public async Task Install_refuses_an_existing_service()
    {
        _manager.Services["warden"] = ServiceState.Running;

        (await Installer().InstallAsync(Request())).Should().Be(1);

        _manager.Created.Should().BeNull();
        _error.ToString().Should().Be("service install: a Windows service named 'warden' already exists; run 'warden service uninstall --name warden' first\n");
    }

    [Fact]
    public async Task Dry_run_prints_the_sc_commands_and_touches_nothing()
    {
        (await Installer().InstallAsync(Request() with { DryRun = true })).Should().Be(0);

        _manager.Calls.Should().BeEmpty();
        _output.ToString().Should().Be("# --dry-run: equivalent commands\n" + string.Concat(ScCommands.Install(Request()).Select(l => l + "\n")));
    }

    [Fact]
    public async Task Uninstall_stops_a_running_service_waits_for_stopped_then_deletes()
    {
        _manager.Services["warden"] = ServiceState.Running;
        _manager.QueriesUntilStopped = 3;

        var uninstall = Installer().UninstallAsync(Request());
        for (var i = 0; i < 3 && !uninstall.IsCompleted; i++)
        {
            await Eventually.True(() => _time.ArmedTimers == 1 || uninstall.IsCompleted, "stop poll");
            _time.Advance(TimeSpan.FromMilliseconds(250));
        }

        (await Eventually.Within(uninstall, "uninstall")).Should().Be(0);
        _manager.Calls.Should().Equal("Exists warden", "Query warden", "Stop warden", "Query warden", "Query warden", "Query warden", "Delete warden");
        _output.ToString().Should().Be("Stopping 'warden'...\nDeleted Windows service 'warden'\n");
    }

    [Fact]
    public async Task Uninstall_does_not_delete_a_service_that_will_not_stop()
    {
        _manager.Services["warden"] = ServiceState.StopPending;
        _manager.QueriesUntilStopped = int.MaxValue;

        var uninstall = Installer().UninstallAsync(Request() with { ShutdownTimeout = TimeSpan.FromSeconds(5) });
        while (!uninstall.IsCompleted)
        {
            await Eventually.True(() => _time.ArmedTimers == 1 || uninstall.IsCompleted, "stop poll");
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        (await uninstall).Should().Be(1);
        _manager.Calls.Should().NotContain("Delete warden");
        _error.ToString().Should().Be("service uninstall: 'warden' did not stop within 20 s; not deleted\n");
    }

    [Fact]
    public async Task Uninstall_of_a_stopped_service_deletes_it_at_once()
    {
        _manager.Services["warden"] = ServiceState.Stopped;

        (await Installer().UninstallAsync(Request())).Should().Be(0);

        _manager.Calls.Should().Equal("Exists warden", "Query warden", "Delete warden");
    }

    [Fact]
    public async Task Uninstall_of_an_unknown_service_names_it()
    {
        (await Installer().UninstallAsync(Request() with { ServiceName = "nope" })).Should().Be(1);

        _error.ToString().Should().Be("service uninstall: no Windows service named 'nope'\n");
    }

    [Fact]
    public async Task SCM_errors_become_one_line()
    {
        _manager.CreateFailure = new InvalidOperationException("CreateServiceW for service 'warden' failed: Access is denied. (Win32 error 5)");

        (await Installer().InstallAsync(Request())).Should().Be(1);

        _error.ToString().Should().Be("service install: CreateServiceW for service 'warden' failed: Access is denied. (Win32 error 5)\n");
    }

    [Fact]
    public async Task Install_registers_the_event_source_in_the_application_log_as_nssm_does()
    {
        var sources = new FakeEventSources();

        (await Installer(sources).InstallAsync(Request())).Should().Be(0);

        sources.Calls.Should().Equal("Exists warden", "Register warden");
        _output.ToString().Should().EndWith("Event source 'warden' registered in the Application log\n");
    }

    [Fact]
    public async Task An_event_source_that_cannot_be_registered_is_a_warning_and_the_service_stays_installed()
    {
        var sources = new FakeEventSources { Failure = new System.Security.SecurityException("Requested registry access is not allowed.") };

        (await Installer(sources).InstallAsync(Request())).Should().Be(0);

        _manager.Created.Should().NotBeNull();
        _error.ToString().Should().Be("service install: warning: event source 'warden' could not be registered in the Application log (Requested registry access is not allowed.); the warden's lines go to its service log file only\n");
    }

    [Fact]
    public async Task Uninstall_removes_the_event_source_after_deleting_the_service()
    {
        _manager.Services["warden"] = ServiceState.Stopped;
        var sources = new FakeEventSources();
        sources.Registered.Add("warden");

        (await Installer(sources).UninstallAsync(Request())).Should().Be(0);

        sources.Calls.Should().Equal("Exists warden", "Remove warden");
        sources.Registered.Should().BeEmpty();
        _output.ToString().Should().EndWith("Deleted Windows service 'warden'\nEvent source 'warden' removed from the Application log\n");
    }

    [Fact]
    public async Task Without_an_SCM_only_dry_runs_work()
    {
        var installer = new ServiceInstaller(_output, _error, windowsManager: null, configExists: _ => true);

        (await installer.InstallAsync(Request())).Should().Be(1);

        _error.ToString().Should().Be("service install: registering a Windows service needs Windows; use --dry-run to print the sc.exe commands\n");
    }

    [Fact]
    public async Task A_relative_Windows_config_path_is_refused()
    {
        (await Installer().InstallAsync(Request() with { ConfigFile = @"conf\warden.conf" })).Should().Be(2);

        _error.ToString().Should().Be("service install: config path 'conf\\warden.conf' must be absolute for a Windows service\n");
    }

    [Fact]
    public async Task A_Windows_dry_run_rendered_off_Windows_keeps_the_local_absolute_paths()
    {
        var request = new ServiceInstallRequest("warden", "/srv/warden.conf", new[] { "/opt/warden/warden" }, TimeSpan.FromSeconds(30), ServiceInstallTarget.WindowsService, DryRun: true);

        var exitCode = await Installer().InstallAsync(request);

        if (OperatingSystem.IsWindows())
        {
            exitCode.Should().Be(2, "on Windows a Windows service needs drive-qualified paths");
        }
        else
        {
            exitCode.Should().Be(0);
            _output.ToString().Should().Contain("binPath= \"\\\"/opt/warden/warden\\\" run --service \\\"/srv/warden.conf\\\"\"");
        }
    }

    private ServiceInstaller Installer(FakeEventSources? sources = null) =>
        new(_output, _error, _manager, time: _time, configExists: path => path == Request().ConfigFile, eventSources: sources);

    private static ServiceInstallRequest Request() =>
        new("warden", @"C:\warden\warden.conf", new[] { @"C:\warden\warden.exe" }, TimeSpan.FromSeconds(30), ServiceInstallTarget.WindowsService, DryRun: false);

    private sealed class FakeEventSources : IEventSources
    {
        public HashSet<string> Registered { get; } = new();

        public List<string> Calls { get; } = new();

        public Exception? Failure { get; init; }

        public bool Exists(string source)
        {
            Calls.Add("Exists " + source);
            return Registered.Contains(source);
        }

        public void Register(string source)
        {
            Calls.Add("Register " + source);
            if (Failure is not null)
            {
                throw Failure;
            }

            Registered.Add(source);
        }

        public void Remove(string source)
        {
            Calls.Add("Remove " + source);
            Registered.Remove(source);
        }
    }

    private sealed class FakeServiceManager : IWindowsServiceManager
    {
        public Dictionary<string, ServiceState> Services { get; } = new();

        public List<string> Calls { get; } = new();

        public WindowsServiceDefinition? Created { get; private set; }

        public Exception? CreateFailure { get; set; }

        public int QueriesUntilStopped { get; set; }

        public bool Exists(string name)
        {
            Calls.Add("Exists " + name);
            return Services.ContainsKey(name);
        }

        public void Create(WindowsServiceDefinition definition)
        {
            Calls.Add("Create " + definition.Name);
            if (CreateFailure is not null)
            {
                throw CreateFailure;
            }

            Created = definition;
            Services[definition.Name] = ServiceState.Stopped;
        }

        public ServiceState QueryState(string name)
        {
            Calls.Add("Query " + name);
            if (Services[name] == ServiceState.StopPending && --QueriesUntilStopped <= 0)
            {
                Services[name] = ServiceState.Stopped;
            }

            return Services[name];
        }

        public void Stop(string name)
        {
            Calls.Add("Stop " + name);
            if (Services[name] == ServiceState.Running)
            {
                Services[name] = ServiceState.StopPending;
            }
        }

        public void Delete(string name)
        {
            Calls.Add("Delete " + name);
            Services.Remove(name);
        }
    }
}
