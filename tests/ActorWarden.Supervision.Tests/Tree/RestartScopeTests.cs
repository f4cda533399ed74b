using ActorWarden.Processes;
using ActorWarden.Config;
using ActorWarden.Supervision.Tests.Fakes;
using ActorWarden.Supervision.Tree.Reload;

namespace ActorWarden.Supervision.Tests.Tree;

public sealed class RestartScopeTests
{
    public static TheoryData<string, Func<ServiceSpec, ServiceSpec>, bool> Changes => new()
    {
        { "args", s => s with { Args = ["--other"] }, true },
        { "command", s => s with { Command = "/opt/other" }, true },
        { "env", s => s with { Env = new Dictionary<string, string> { ["A"] = "1" } }, true },
        { "user", s => s with { User = "postgres" }, true },
        { "directory", s => s with { Directory = "/srv" }, true },
        { "limits", s => s with { Limits = new ResourceLimits { Nofile = new ResourceLimit(1024, 1024) } }, true },
        { "umask", s => s with { Umask = 0x12 }, true },
        { "instances", s => s with { Instances = 2 }, true },
        { "logs", s => s with { Logs = s.Logs with { Keep = 9 } }, true },
        { "health", s => s with { Health = s.Health with { Interval = TimeSpan.FromSeconds(30) } }, false },
        { "backoff", s => s with { Backoff = s.Backoff with { Max = TimeSpan.FromMinutes(1) } }, false },
        { "intensity", s => s with { Intensity = new IntensitySpec(1, TimeSpan.FromSeconds(1)) }, false },
        { "restart", s => s with { Restart = RestartPolicy.Always }, false },
        { "stop", s => s with { Stop = s.Stop with { Signal = ProcessSignal.SIGQUIT } }, false },
        { "max-memory", s => s with { MaxMemoryBytes = 1 << 20 }, false },
        { "reload", s => s with { Reload = new ReloadSpec { Signal = ProcessSignal.SIGHUP } }, false },
        { "pre-start", s => s with { Hooks = new HookSpec { PreStart = ["true"] } }, false },
        { "depends-on", s => s with { DependsOn = ["db"] }, false },
        { "binds-to", s => s with { DependsOn = ["db"], BindsTo = ["db"] }, false },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_change_restarts_the_process_only_when_the_process_was_started_with_it(string setting, Func<ServiceSpec, ServiceSpec> change, bool restarts)
    {
        var before = TestSpecs.Service("svc");

        RestartScope.NeedsRestart(before, change(before)).Should().Be(restarts, setting);
    }

    [Fact]
    public void Two_bindings_of_the_same_settings_need_no_restart()
    {
        RestartScope.NeedsRestart(TestSpecs.Service("svc"), TestSpecs.Service("svc")).Should().BeFalse();
    }
}
