using ActorWarden.Host.Install;

namespace ActorWarden.Host.Tests.Install;

public sealed class SystemdUnitFileTests
{
    [Fact]
    public void Renders_the_golden_unit()
    {
        var request = new ServiceInstallRequest("warden", "/etc/warden/warden.conf", new[] { "/usr/local/bin/warden" }, TimeSpan.FromSeconds(30), ServiceInstallTarget.Systemd, DryRun: false);

        SystemdUnitFile.Render(request).Should().Be(
            """
            # Written by `warden service install`; `warden service uninstall` removes only files that carry this line.
            [Unit]
            Description=ActorWarden process supervisor (warden)
            After=network-online.target
            Wants=network-online.target

            [Service]
            Type=notify
            NotifyAccess=main
            User=root
            ExecStart=/usr/local/bin/warden run /etc/warden/warden.conf
            ExecReload=/bin/kill -HUP $MAINPID
            WorkingDirectory=/etc/warden
            Restart=on-failure
            RestartSec=5
            WatchdogSec=30
            KillMode=mixed
            TimeoutStopSec=45

            [Install]
            WantedBy=multi-user.target

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_unit_runs_as_the_user_asked_for()
    {
        var request = new ServiceInstallRequest("warden", "/etc/warden/warden.conf", new[] { "/usr/local/bin/warden" }, TimeSpan.FromSeconds(30), ServiceInstallTarget.Systemd, DryRun: false) { User = "svc-farm" };

        SystemdUnitFile.Render(request).Split('\n').Should().Contain("User=svc-farm").And.ContainSingle(l => l.StartsWith("User=", StringComparison.Ordinal));
        request.Validate().Should().BeNull();
    }

    [Fact]
    public void Quotes_and_escapes_paths_the_way_systemd_parses_ExecStart()
    {
        var request = new ServiceInstallRequest(
            "web-stack",
            "/srv/my apps/100%/warden.conf",
            new[] { "/usr/bin/dotnet", "/opt/warden/$HOME/warden.dll" },
            TimeSpan.FromSeconds(2.5),
            ServiceInstallTarget.Systemd,
            DryRun: false);

        var lines = SystemdUnitFile.Render(request).Split('\n');

        lines.Should().Contain("ExecStart=/usr/bin/dotnet /opt/warden/$$HOME/warden.dll run \"/srv/my apps/100%%/warden.conf\"");
        lines.Should().Contain("WorkingDirectory=/srv/my apps/100%%");
        lines.Should().Contain("TimeoutStopSec=18");
        lines.Should().Contain("Description=ActorWarden process supervisor (web-stack)");
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("with space", "\"with space\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData(@"back\slash", "\"back\\\\slash\"")]
    [InlineData(";", "\";\"")]
    [InlineData("", "\"\"")]
    public void Quotes_one_argument(string argument, string expected) =>
        SystemdUnitFile.QuoteArgument(argument).Should().Be(expected);

    [Fact]
    public void Recognises_only_units_carrying_the_marker_line()
    {
        var request = new ServiceInstallRequest("warden", "/etc/w.conf", new[] { "/usr/bin/warden" }, TimeSpan.Zero, ServiceInstallTarget.Systemd, false);

        SystemdUnitFile.IsOurs(SystemdUnitFile.Render(request)).Should().BeTrue();
        SystemdUnitFile.IsOurs(SystemdUnitFile.Render(request).Replace("\n", "\r\n", StringComparison.Ordinal)).Should().BeTrue();
        SystemdUnitFile.IsOurs("[Unit]\nDescription=nginx\n# mentions warden service install in passing\n").Should().BeFalse();
    }
}
