using System.Runtime.InteropServices;
using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Faults.Tests.Security;

/// <summary>
/// `user = "..."` on a warden running as root: the child runs with exactly that user's uid, gid and
/// supplementary groups (its own, as initgroups gives them), never with the warden's; an unknown user
/// is a spawn failure naming the user, and the warden keeps running.
/// </summary>
public sealed partial class RunAsUserTests
{
    private static readonly object GroupsLock = new();

    [Fact]
    public async Task A_service_run_as_nobody_has_nobodys_uid_gid_and_groups()
    {
        RequireRoot();
        var expectedUid = Id("-u", "nobody");
        var expectedGid = Id("-g", "nobody");
        var expectedGroups = Id("-G", "nobody");

        await using var warden = RunningWarden.Start("""
                asnobody { command = /bin/sleep, args = ["1000"], user = "nobody", directory = "/", start-seconds = 100ms }
            """);
        var status = await warden.WaitForAsync(s => SecurityHarness.IsRunning(s, "asnobody"), SecurityHarness.Patience, "asnobody running");
        var pid = int.Parse(SecurityHarness.InstanceField(status, "asnobody", "pid"), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var identity = ProcIdentity.Read(pid);
            identity.Uids.Should().OnlyContain(x => x == expectedUid.Single(), "real, effective, saved and filesystem uid must all be nobody's");
            identity.Gids.Should().OnlyContain(x => x == expectedGid.Single(), "real, effective, saved and filesystem gid must all be nobody's");
            identity.Groups.Should().BeEquivalentTo(expectedGroups, "supplementary groups must be nobody's own, not root's");
        }
        finally
        {
            Native.Kill(pid, 9);
        }
    }

    [Fact]
    public async Task A_service_run_as_a_system_user_drops_the_wardens_supplementary_groups_and_keeps_only_the_users_own()
    {
        RequireRoot();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var user = "awsec" + suffix;
        var memberGroup = "awsm" + suffix;
        var foreignGroup = "awsx" + suffix;
        try
        {
            MustRun("groupadd", "--system", memberGroup);
            MustRun("groupadd", "--system", foreignGroup);
            MustRun("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "-G", memberGroup, user);
            var uid = Id("-u", user).Single();
            var gid = Id("-g", user).Single();
            var userGroups = Id("-G", user);
            var memberGid = GidOf(memberGroup);
            var foreignGid = GidOf(foreignGroup);
            userGroups.Should().Contain(memberGid, "precondition: the test user is a member of its supplementary group");

            // The warden inherits its supplementary groups from this process: give it root's 0 and a group
            // the service user is not in, so "dropped" is observable rather than vacuous.
            await using var warden = StartWithSupplementaryGroups([0u, foreignGid], $$"""
                    runas { command = /bin/sleep, args = ["1000"], user = "{{user}}", directory = "/", start-seconds = 100ms }
                """);
            ProcIdentity.Read(warden.Pid).Groups.Should().Contain(foreignGid, "precondition: the warden itself carries the foreign supplementary group");

            var status = await warden.WaitForAsync(s => SecurityHarness.IsRunning(s, "runas"), SecurityHarness.Patience, "runas running");
            var pid = int.Parse(SecurityHarness.InstanceField(status, "runas", "pid"), System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                var identity = ProcIdentity.Read(pid);
                identity.Uids.Should().OnlyContain(x => x == uid, $"every uid of the child must be {user}'s");
                identity.Gids.Should().OnlyContain(x => x == gid, $"every gid of the child must be {user}'s primary group");
                identity.Groups.Should().NotContain(foreignGid, "the warden's supplementary groups must be dropped");
                identity.Groups.Should().NotContain(0u, "root's group must be dropped");
                identity.Groups.Should().BeEquivalentTo(userGroups, "the child gets exactly the user's own groups (initgroups)");
            }
            finally
            {
                Native.Kill(pid, 9);
            }

            (await warden.CliAsync("stop", "all")).ExitCode.Should().Be(0);
        }
        finally
        {
            SecurityHarness.Run("userdel", user);
            SecurityHarness.Run("groupdel", user);
            SecurityHarness.Run("groupdel", memberGroup);
            SecurityHarness.Run("groupdel", foreignGroup);
        }

        SecurityHarness.Run("id", user).ExitCode.Should().NotBe(0, "the test user must be removed again");
    }

    [Fact]
    public async Task An_unknown_user_is_a_spawn_failure_naming_the_user_and_the_warden_keeps_running()
    {
        RequireRoot();
        await using var warden = RunningWarden.Start("""
                ghost { command = /bin/sleep, args = ["1000"], user = "no-such-user", start-retries = 1, fatal-retry = off, backoff { min = 50ms, jitter = 0 } }
                alive { command = /bin/sleep, args = ["1000"], start-seconds = 100ms }
            """);

        var status = await warden.WaitForAsync(
            s => SecurityHarness.InstanceField(s, "ghost", "state") == "fatal" && SecurityHarness.IsRunning(s, "alive"),
            SecurityHarness.Patience,
            "ghost fatal and alive running");

        warden.HasExited.Should().BeFalse();
        SecurityHarness.InstanceField(status, "ghost", "pid").Should().BeOneOf("", "null", "0");
        var failure = await warden.WaitForEventAsync(e => e.GetProperty("event").GetString() == "spawn-failed" && e.GetProperty("instance").GetString() == "ghost", SecurityHarness.Patience, "an unknown user reported as spawn-failed");
        failure.GetProperty("error").GetString().Should().Contain("no-such-user").And.ContainEquivalentOf("user");
        warden.Events().Should().NotContain(e => e.GetProperty("event").GetString() == "started" && e.GetProperty("instance").GetString() == "ghost", "nothing may run for an unknown user");
        (await warden.CliAsync("status")).ExitCode.Should().Be(0, "the warden keeps answering");
    }

    private static RunningWarden StartWithSupplementaryGroups(uint[] groups, string services)
    {
        lock (GroupsLock)
        {
            var saved = GetGroups();
            if (SetGroups((nuint)groups.Length, groups) != 0)
            {
                throw new InvalidOperationException($"setgroups failed (errno {Marshal.GetLastPInvokeError()}); the run-as tests need root");
            }

            try
            {
                return RunningWarden.Start(services);
            }
            finally
            {
                SetGroups((nuint)saved.Length, saved).Should().Be(0, "this process's own groups must be restored");
            }
        }
    }

    private static uint[] GetGroups()
    {
        var count = GetGroupsNative(0, null);
        var list = new uint[Math.Max(count, 0)];
        if (count > 0 && GetGroupsNative(count, list) != count)
        {
            throw new InvalidOperationException("getgroups failed");
        }

        return list;
    }

    [LibraryImport("libc", EntryPoint = "setgroups", SetLastError = true)]
    private static partial int SetGroups(nuint size, uint[] list);

    [LibraryImport("libc", EntryPoint = "getgroups", SetLastError = true)]
    private static partial int GetGroupsNative(int size, uint[]? list);

    private static void RequireRoot()
    {
        var uid = Id("-u").Single();
        uid.Should().Be(0u, "the run-as tests need the warden to run as root (the CI runs as root); run the suite as root");
    }

    private static uint[] Id(params string[] args)
    {
        var (code, output) = SecurityHarness.Run("id", args);
        code.Should().Be(0, $"id {string.Join(' ', args)} must succeed: {output}");
        return output.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(uint.Parse).ToArray();
    }

    private static uint GidOf(string group)
    {
        var (code, output) = SecurityHarness.Run("getent", "group", group);
        code.Should().Be(0, $"group {group} must exist: {output}");
        return uint.Parse(output.Split(':')[2], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void MustRun(string program, params string[] args)
    {
        var (code, output) = SecurityHarness.Run(program, args);
        code.Should().Be(0, $"{program} {string.Join(' ', args)} must succeed (the run-as test creates and removes its own system user): {output}");
    }

    /// <summary>Uid:, Gid: and Groups: of /proc/PID/status.</summary>
    private sealed record ProcIdentity(uint[] Uids, uint[] Gids, uint[] Groups)
    {
        public static ProcIdentity Read(int pid)
        {
            var lines = File.ReadAllLines($"/proc/{pid}/status");
            uint[] Field(string name) => lines.Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..]
                .Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(uint.Parse).ToArray();
            return new ProcIdentity(Field("Uid"), Field("Gid"), Field("Groups"));
        }
    }
}
