using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Faults.Tests.Security;

/// <summary>The generated API token and the state file (pids of running children) are private to the warden's user, on disk, after a real start.</summary>
public sealed class StateFilePermissionTests
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public async Task The_token_file_and_the_state_file_are_0600_in_a_folder_others_cannot_write()
    {
        await using var warden = RunningWarden.Start("""
                app { command = /bin/sleep, args = ["1000"], start-seconds = 100ms }
            """);
        await warden.WaitForAsync(s => SecurityHarness.IsRunning(s, "app"), SecurityHarness.Patience, "app running");
        var state = Path.Combine(warden.Directory, "state");
        var token = Path.Combine(state, "token");
        var stateFile = Path.Combine(state, "warden.state.json");
        await Eventually.True(() => File.Exists(stateFile) && File.ReadAllText(stateFile).Contains("\"pid\"", StringComparison.OrdinalIgnoreCase), "the state file records the running child");

        File.GetUnixFileMode(token).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, $"{token} holds the API token");
        File.GetUnixFileMode(stateFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, $"{stateFile} holds pids the warden will kill or adopt on its next start");
        var folderMode = File.GetUnixFileMode(state);
        (folderMode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)).Should().Be(UnixFileMode.None, $"nobody but the owner may create or replace files in {state} (mode {Convert.ToString((int)folderMode, 8)})");
        (File.GetUnixFileMode(warden.Directory) & UnixFileMode.OtherWrite).Should().Be(UnixFileMode.None);
        File.ReadAllText(token).Trim().Should().MatchRegex("^[A-Za-z0-9_-]{43}$", "32 random bytes as unpadded base64url");

        // The state file is rewritten on every change: after a restart the replacement must be private too.
        (await warden.CliAsync("restart", "app")).ExitCode.Should().Be(0);
        var again = await warden.WaitForAsync(s => SecurityHarness.IsRunning(s, "app"), SecurityHarness.Patience, "app running again");

        // The roster rewrites the file up to 200 ms after the change (and fsyncs a .tmp first): check the
        // rewrite itself, not the file from before it, and not while a .tmp of it may vanish under the listing.
        var newPid = SecurityHarness.InstanceField(again, "app", "pid");
        await Eventually.True(() => warden.RecordedPids().Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)).Contains(newPid), $"the state file rewritten with app's new pid {newPid}");
        File.GetUnixFileMode(stateFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, "the rewritten state file stays 0600");
        foreach (var file in Directory.GetFiles(state))
        {
            (File.GetUnixFileMode(file) & GroupOrOther).Should().Be(UnixFileMode.None, $"{file} must not be readable by group or others");
        }
    }

    [Fact]
    public async Task A_token_file_readable_by_others_is_refused_with_one_line_and_nothing_starts()
    {
        var directory = Directory.CreateTempSubdirectory("warden-sec-token-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(directory, "state"));
            var token = Path.Combine(directory, "state", "token");
            File.WriteAllText(token, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n");
            File.SetUnixFileMode(token, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var port = FreePort.Next();
            var config = Path.Combine(directory, "warden.conf");
            File.WriteAllText(config, $$"""
                warden {
                  control.http.port = {{port}}
                  services { app { command = /bin/sleep, args = ["1000"] } }
                }
                """);

            await using var warden = RunningWarden.StartOn(directory, config, port);
            var code = await warden.WaitForExitAsync(SecurityHarness.Patience);

            code.Should().NotBe(0, "a world-readable token must not be used");
            warden.Output.Should().Contain("0644").And.Contain(token);
            warden.Events().Should().NotContain(e => e.GetProperty("event").GetString() == "started", "no child may start when the API cannot be secured");
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Native.KillLeftovers(directory);
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
