using System.Text.RegularExpressions;
using ActorWarden.Processes.Linux;
using ActorWarden.Processes.Tests.Support;

namespace ActorWarden.Processes.Tests.Linux;

public sealed class LimitsAndUmaskTests : IDisposable
{
    private readonly ChildScope _scope = new();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public async Task Limits_and_umask_are_set_before_the_program_runs_as_its_user_with_the_pid_it_was_given()
    {
        var child = _scope.Start(new ProcessStartSpec
        {
            FileName = "/bin/sh",
            Arguments = ["-c", "umask; ulimit -Sn; ulimit -Hn; ulimit -c; id -un; exec sleep 100"],
            Environment = ChildScope.BasicEnvironment,
            User = "nobody",
            Umask = Convert.ToInt32("027", 8),
            Limits = new ResourceLimits { Nofile = new ResourceLimit(1000, 2000), Core = new ResourceLimit(null, null) },
        });

        var reader = new StreamReader(child.StandardOutput!);
        var lines = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            lines.Add((await Await.Within(reader.ReadLineAsync()))!);
        }

        lines.Should().Equal("0027", "1000", "2000", "unlimited", "nobody");
        await Await.Until(() => File.ReadAllText($"/proc/{child.Pid}/comm").Trim() == "sleep", "the chain exec'd the program");
        File.ReadAllLines($"/proc/{child.Pid}/limits").Should().Contain(l => Regex.IsMatch(l, @"^Max open files\s+1000\s+2000\s+files"));
        child.SignalMain(ProcessSignal.SIGTERM);
        (await Await.Within(child.Exited)).Signal.Should().Be((int)ProcessSignal.SIGTERM);
    }

    [Fact]
    public void A_soft_limit_above_the_hard_one_is_refused_before_the_start()
    {
        var start = () => _scope.Start(new ProcessStartSpec { FileName = "/bin/true", Limits = new ResourceLimits { Nofile = new ResourceLimit(10, 5) } });

        start.Should().Throw<ProcessStartException>().WithMessage("cannot start '/bin/true': limits.nofile: soft limit 10 is above the hard limit 5");
    }

    [Fact]
    public void Raising_a_hard_limit_without_root_is_refused_before_the_start()
    {
        var spec = new ProcessStartSpec { FileName = "/bin/true", Limits = new ResourceLimits { Nofile = new ResourceLimit(null, null) } };

        var wrap = () => ExecWrappers.WithLimits(spec, spec.Limits!, ["/bin/true"], privileged: false);

        wrap.Should().Throw<ProcessStartException>().WithMessage("cannot start '/bin/true': limits.nofile: raising the hard limit to unlimited needs the warden to run as root (its own is *)");
    }

    [Fact]
    public async Task SignalMain_reaches_the_main_process_and_not_its_group()
    {
        var child = _scope.Start(new ProcessStartSpec
        {
            FileName = "/bin/sh",
            Arguments = ["-c", "trap 'echo main-got-usr1' USR1; sh -c 'trap \"echo child-got-usr1\" USR1; echo child-ready; while :; do sleep 0.05; done' & while :; do sleep 0.05; done"],
            Environment = ChildScope.BasicEnvironment,
        });
        var reader = new StreamReader(child.StandardOutput!);
        (await Await.Within(reader.ReadLineAsync())).Should().Be("child-ready");

        child.SignalMain(ProcessSignal.SIGUSR1);
        (await Await.Within(reader.ReadLineAsync())).Should().Be("main-got-usr1");
        child.Signal(ProcessSignal.SIGUSR1);
        var both = new[] { await Await.Within(reader.ReadLineAsync()), await Await.Within(reader.ReadLineAsync()) };

        both.Should().BeEquivalentTo("main-got-usr1", "child-got-usr1");
    }

    [Theory]
    [InlineData("HUP", 1)]
    [InlineData("sigusr1", 10)]
    [InlineData("SIGTERM", 15)]
    [InlineData("28", 28)]
    [InlineData("RTMIN+2", 36)]
    [InlineData("SIGRTMAX-1", 63)]
    public void Signal_names_read_as_kill_writes_them(string text, int number)
    {
        ((int?)SignalNames.TryParse(text, out _)).Should().Be(number);
    }

    [Theory]
    [InlineData("BOGUS")]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("RTMIN+40")]
    [InlineData("")]
    public void A_word_that_is_no_signal_is_refused_with_what_is_accepted(string text)
    {
        SignalNames.TryParse(text, out var error).Should().BeNull();
        error.Should().Contain("is not a signal; expected a name such as SIGHUP");
    }

    [Fact]
    public void Names_are_the_conventional_ones()
    {
        SignalNames.Name(ProcessSignal.SIGHUP).Should().Be("SIGHUP");
        SignalNames.Name((ProcessSignal)28).Should().Be("SIGWINCH");
        SignalNames.Name((ProcessSignal)35).Should().Be("SIGRTMIN+1");
    }

    [Fact]
    public void An_account_gives_home_and_shell()
    {
        UserAccount.Find("root").Should().Be(new UserAccount("root", 0, 0, "/root", "/bin/bash"));
        UserAccount.Find("0")!.Name.Should().Be("root");
        UserAccount.Find("no-such-user-aw").Should().BeNull();
    }
}
