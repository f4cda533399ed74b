using System.Net;
using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Faults.Tests.Security;

/// <summary>The API listens on loopback by default; binding anything else needs an explicitly configured token.</summary>
public sealed class NonLoopbackBindTests
{
    [Fact]
    public async Task A_non_loopback_host_without_a_token_exits_nonzero_with_one_line_and_starts_no_child()
    {
        await using var warden = RunningWarden.Start(
            """
                app { command = /bin/sleep, args = ["1000"], start-seconds = 100ms }
            """,
            "control.http.host = \"0.0.0.0\"");

        var code = await warden.WaitForExitAsync(SecurityHarness.Patience);

        code.Should().NotBe(0);
        var lines = warden.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Should().ContainSingle("the refusal must be one clear line, not a log and a stack trace:\n" + warden.Output);
        lines[0].Should().Contain("0.0.0.0").And.Contain("token").And.ContainEquivalentOf("loopback");
        warden.Events().Should().NotContain(e => e.GetProperty("event").GetString() == "started", "no child may start before the refusal");
        warden.Children().Should().BeEmpty();
        File.Exists(Path.Combine(warden.Directory, "state", "token")).Should().BeFalse("no token is generated for an address that may not use one");
    }

    [Fact]
    public async Task A_non_loopback_host_with_a_configured_token_starts_and_requires_that_token()
    {
        const string token = "sec-test-token-5b0c2f7d9e1a4c3b8f6e";
        await using var warden = RunningWarden.Start(
            """
                app { command = /bin/sleep, args = ["1000"], start-seconds = 100ms }
            """,
            $"control.http {{ host = \"0.0.0.0\", token = \"{token}\" }}");

        await warden.WaitForAsync(s => SecurityHarness.IsRunning(s, "app"), SecurityHarness.Patience, "app running behind a 0.0.0.0 listener");

        using (var anonymous = SecurityHarness.Client(warden, null))
        using (var response = await anonymous.GetAsync("/v1/status"))
        {
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using (var authorised = SecurityHarness.Client(warden, token))
        using (var response = await authorised.GetAsync("/v1/status"))
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        ListensOnAnyAddress(warden.Port).Should().BeTrue($"the API must really listen on 0.0.0.0:{warden.Port}");
        warden.Output.Should().NotContain(token, "the configured token must never be logged");
        foreach (var mode in new[] { "--effective", "--json" })
        {
            var print = await WardenBinary.RunAsync(warden.Directory, TimeSpan.FromSeconds(60), "config", "print", mode, warden.ConfigPath);
            print.ExitCode.Should().Be(0, print.Stderr);
            print.Stdout.Should().Contain("\"token\": \"****\"", $"config print {mode} masks the configured token").And.NotContain(token);
        }

        (await warden.CliAsync("status")).ExitCode.Should().Be(0, "the CLI reaches a warden with a configured token through its config");
        File.ReadAllText(warden.EventsFile).Should().NotContain(token);
    }

    /// <summary>True when /proc/net/tcp has a LISTEN socket on 0.0.0.0:port.</summary>
    private static bool ListensOnAnyAddress(int port)
    {
        var local = $"00000000:{port:X4}";
        return File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(f => f[1] == local && f[3] == "0A");
    }
}
