using ActorWarden.Host.Install;

namespace ActorWarden.Host.Tests.Install;

/// <summary>Install/uninstall against a unit directory in a temp folder instead of /etc/systemd/system.</summary>
public sealed class SystemdServiceInstallerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("aw-install-").FullName;
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private readonly string _unitDirectory;
    private readonly string _config;

    public SystemdServiceInstallerTests()
    {
        _unitDirectory = Path.Combine(_root, "systemd");
        _config = Path.Combine(_root, "warden.conf");
        File.WriteAllText(_config, "services {}\n");
    }

    [Fact]
    public async Task Install_writes_the_unit_and_prints_the_enable_hint()
    {
        var exitCode = await Installer().InstallAsync(Request());

        exitCode.Should().Be(0);
        var unitPath = Path.Combine(_unitDirectory, "warden.service");
        File.ReadAllText(unitPath).Should().Be(SystemdUnitFile.Render(Request()));
        _output.ToString().Should().Be(
            $"Wrote {unitPath} (Type=notify, WatchdogSec=30, Restart=on-failure)\n" +
            "Enable and start it with:\n  systemctl daemon-reload && systemctl enable --now warden.service\n");
        _error.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task Dry_run_prints_the_unit_and_writes_nothing()
    {
        var exitCode = await Installer().InstallAsync(Request(name: "api", dryRun: true));

        exitCode.Should().Be(0);
        _output.ToString().Should().Be($"# --dry-run: would write {Path.Combine(_unitDirectory, "api.service")}\n" + SystemdUnitFile.Render(Request(name: "api")));
        Directory.Exists(_unitDirectory).Should().BeFalse();
    }

    [Fact]
    public async Task Reinstalling_updates_our_own_unit()
    {
        await Installer().InstallAsync(Request());

        var exitCode = await Installer().InstallAsync(Request() with { ShutdownTimeout = TimeSpan.FromSeconds(60) });

        exitCode.Should().Be(0);
        File.ReadAllText(Path.Combine(_unitDirectory, "warden.service")).Should().Contain("TimeoutStopSec=75\n");
        _output.ToString().Should().Contain("Updated ");
    }

    [Fact]
    public async Task Install_and_uninstall_refuse_a_unit_someone_else_wrote()
    {
        Directory.CreateDirectory(_unitDirectory);
        var foreign = Path.Combine(_unitDirectory, "warden.service");
        File.WriteAllText(foreign, "[Service]\nExecStart=/usr/bin/other\n");

        (await Installer().InstallAsync(Request())).Should().Be(1);
        (await Installer().UninstallAsync(Request())).Should().Be(1);

        File.ReadAllText(foreign).Should().Be("[Service]\nExecStart=/usr/bin/other\n");
        _error.ToString().Should().Be(
            $"service install: {foreign} exists and was not written by warden (no marker line); refusing to overwrite it\n" +
            $"service uninstall: {foreign} was not written by warden (no marker line); refusing to remove it\n");
    }

    [Fact]
    public async Task Uninstall_removes_our_unit_and_its_enablement_link()
    {
        await Installer().InstallAsync(Request());
        var unitPath = Path.Combine(_unitDirectory, "warden.service");
        var wants = Path.Combine(_unitDirectory, "multi-user.target.wants", "warden.service");
        Directory.CreateDirectory(Path.GetDirectoryName(wants)!);
        File.CreateSymbolicLink(wants, unitPath);

        var exitCode = await Installer().UninstallAsync(Request());

        exitCode.Should().Be(0);
        File.Exists(unitPath).Should().BeFalse();
        new FileInfo(wants).LinkTarget.Should().BeNull();
        _output.ToString().Should().EndWith(
            $"Removed {wants}\nRemoved {unitPath}\nStop it if it is still running, then reload systemd:\n  systemctl stop warden.service; systemctl daemon-reload\n");
    }

    [Fact]
    public async Task Uninstall_of_a_missing_unit_says_where_it_looked()
    {
        (await Installer().UninstallAsync(Request())).Should().Be(1);

        _error.ToString().Should().Be($"service uninstall: no unit file at {Path.Combine(_unitDirectory, "warden.service")}\n");
    }

    [Theory]
    [InlineData("../etc/passwd", "/etc/w.conf", "service install: service name '../etc/passwd' is invalid*")]
    [InlineData("has space", "/etc/w.conf", "service install: service name 'has space' is invalid*")]
    [InlineData("warden", "relative/w.conf", "service install: config path 'relative/w.conf' must be absolute for a systemd unit\n")]
    public async Task Bad_input_is_one_line_naming_what_is_wrong(string name, string config, string expected)
    {
        var request = new ServiceInstallRequest(name, config, new[] { "/usr/bin/warden" }, TimeSpan.FromSeconds(30), ServiceInstallTarget.Systemd, DryRun: false);

        (await Installer().InstallAsync(request)).Should().Be(2);

        _error.ToString().Should().Match(expected);
        _error.ToString().Count(c => c == '\n').Should().Be(1);
    }

    [Theory]
    [InlineData("/home/me/src/ActorWarden/src/ActorWarden.Cli/bin/Release/net10.0/warden")]
    [InlineData("/home/me/src/ActorWarden/src/ActorWarden.Cli/bin/Debug/net10.0/warden")]
    [InlineData("/home/me/src/ActorWarden/src/ActorWarden.Cli/obj/Release/net10.0/warden")]
    public async Task A_unit_pointing_into_a_build_output_folder_is_refused(string executable)
    {
        var request = Request() with { WardenCommand = [executable] };

        (await Installer().InstallAsync(request)).Should().Be(2);

        _error.ToString().Should().StartWith($"service install: warden command '{executable}' is inside a build output folder").And.Contain("--exec PATH");
        Directory.Exists(_unitDirectory).Should().BeFalse();
    }

    [Fact]
    public async Task A_dry_run_from_a_build_output_prints_the_unit_and_warns()
    {
        var request = Request(dryRun: true) with { WardenCommand = ["/src/ActorWarden.Cli/bin/Release/net10.0/warden"] };

        (await Installer().InstallAsync(request)).Should().Be(0);

        _error.ToString().Should().Contain("warning: ExecStart points into a build output folder");
        _output.ToString().Should().Contain("User=root");
    }

    [Theory]
    [InlineData("Bad User")]
    [InlineData("../root")]
    [InlineData("")]
    public async Task An_invalid_user_is_refused(string user)
    {
        (await Installer().InstallAsync(Request() with { User = user })).Should().Be(2);

        _error.ToString().Should().Contain($"user '{user}' is not a valid user name or uid");
    }

    [Fact]
    public async Task A_missing_config_is_refused_before_anything_is_written()
    {
        var request = Request() with { ConfigFile = Path.Combine(_root, "missing.conf") };

        (await Installer().InstallAsync(request)).Should().Be(2);

        _error.ToString().Should().Be($"service install: config file {Path.Combine(_root, "missing.conf")} does not exist\n");
        Directory.Exists(_unitDirectory).Should().BeFalse();
    }

    [Fact]
    public void The_request_for_this_process_uses_absolute_paths()
    {
        var request = ServiceInstallRequest.ForCurrentProcess(null, "relative.conf", TimeSpan.FromSeconds(30), dryRun: true);

        request.ServiceName.Should().Be("warden");
        Path.IsPathRooted(request.ConfigFile).Should().BeTrue();
        request.WardenCommand.Should().OnlyContain(part => Path.IsPathRooted(part));
        request.Validate().Should().BeNull();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ServiceInstaller Installer() => new(_output, _error, windowsManager: null, _unitDirectory);

    private ServiceInstallRequest Request(string name = "warden", bool dryRun = false) =>
        new(name, _config, new[] { "/usr/local/bin/warden" }, TimeSpan.FromSeconds(30), ServiceInstallTarget.Systemd, dryRun);
}
