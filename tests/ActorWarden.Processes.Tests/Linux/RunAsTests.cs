using ActorWarden.Processes.Linux;
using ActorWarden.Processes.Tests.Support;

namespace ActorWarden.Processes.Tests.Linux;

public sealed class RunAsTests : IDisposable
{
    private readonly ChildScope _scope = new();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public async Task Child_runs_as_the_given_user_and_group()
    {
        LibC.GetEuid().Should().Be(0u, "these tests run as root, like a system warden");

        var child = _scope.Start(new ProcessStartSpec
        {
            FileName = "/usr/bin/id",
            Environment = ChildScope.BasicEnvironment,
            User = "nobody",
            Group = "nogroup",
        });

        (await Await.Within(new StreamReader(child.StandardOutput!).ReadToEndAsync())).Should().Be("uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n");
        (await Await.Within(child.Exited)).ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task Numeric_ids_are_accepted()
    {
        var child = _scope.Start(new ProcessStartSpec { FileName = "/usr/bin/id", Arguments = ["-u"], User = "12345", Group = "54321" });

        (await Await.Within(new StreamReader(child.StandardOutput!).ReadToEndAsync())).Should().Be("12345\n");
    }

    [Fact]
    public async Task Run_as_child_is_still_a_session_leader_with_our_pid()
    {
        var child = _scope.Start(new ProcessStartSpec { FileName = "/bin/sleep", Arguments = ["100"], User = "nobody", CaptureOutput = false });

        await Await.Until(() => File.ReadAllText($"/proc/{child.Pid}/comm").Trim() == "sleep", "setpriv exec'd the program");
        LibC.GetSid(child.Pid).Should().Be(child.Pid);
        child.Signal(ProcessSignal.SIGTERM);
        (await Await.Within(child.Exited)).Signal.Should().Be((int)ProcessSignal.SIGTERM);
    }

    [Fact]
    public void Unknown_user_is_named()
    {
        var start = () => _scope.Start(new ProcessStartSpec { FileName = "/bin/true", User = "no-such-user-aw" });

        start.Should().Throw<ProcessStartException>().WithMessage("cannot start '/bin/true': unknown user 'no-such-user-aw'");
    }

    [Fact]
    public void Unknown_group_is_named()
    {
        var start = () => _scope.Start(new ProcessStartSpec { FileName = "/bin/true", User = "nobody", Group = "no-such-group-aw" });

        start.Should().Throw<ProcessStartException>().WithMessage("cannot start '/bin/true': unknown group 'no-such-group-aw'");
    }

    [Fact]
    public void Run_as_is_refused_when_the_warden_is_not_root()
    {
        var spec = new ProcessStartSpec { FileName = "/bin/true", User = "nobody" };

        var wrap = () => RunAsIdentity.Wrap(spec, "/bin/true", effectiveUid: 1000);

        wrap.Should().Throw<ProcessStartException>().WithMessage("cannot start '/bin/true': running as user 'nobody' needs the warden to run as root");
    }
}
