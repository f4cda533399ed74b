using ActorWarden.Processes;

namespace ActorWarden.Config;

/// <summary>The config words for each enum, in one place, so errors can list exactly what is accepted.</summary>
internal static class Spellings
{
    public static readonly IReadOnlyDictionary<string, RestartPolicy> Restart = new Dictionary<string, RestartPolicy>
    {
        ["always"] = RestartPolicy.Always,
        ["on-failure"] = RestartPolicy.OnFailure,
        ["never"] = RestartPolicy.Never,
    };

    public static readonly IReadOnlyDictionary<string, ExitAction> Exit = new Dictionary<string, ExitAction>
    {
        ["restart"] = ExitAction.Restart,
        ["stop"] = ExitAction.Stop,
        ["escalate"] = ExitAction.Escalate,
        ["ignore"] = ExitAction.Ignore,
    };

    public static readonly IReadOnlyDictionary<string, GroupStrategy> Strategy = new Dictionary<string, GroupStrategy>
    {
        ["one-for-one"] = GroupStrategy.OneForOne,
        ["one-for-all"] = GroupStrategy.OneForAll,
        ["all-for-one"] = GroupStrategy.OneForAll,
        ["rest-for-one"] = GroupStrategy.RestForOne,
    };

    public static readonly IReadOnlyDictionary<string, OrphanPolicy> Orphans = new Dictionary<string, OrphanPolicy>
    {
        ["kill"] = OrphanPolicy.Kill,
        ["adopt"] = OrphanPolicy.Adopt,
    };

    public static readonly IReadOnlyDictionary<string, KillMode> KillModes = new Dictionary<string, KillMode>
    {
        ["control-group"] = KillMode.ControlGroup,
        ["mixed"] = KillMode.Mixed,
        ["process"] = KillMode.Process,
    };

    public static readonly IReadOnlyDictionary<string, ContainmentSetting> Containment = new Dictionary<string, ContainmentSetting>
    {
        ["auto"] = ContainmentSetting.Auto,
        ["v2"] = ContainmentSetting.V2,
        ["v1"] = ContainmentSetting.V1,
        ["off"] = ContainmentSetting.Off,
    };

    public static readonly IReadOnlyDictionary<string, GiveUpPolicy> GiveUp = new Dictionary<string, GiveUpPolicy>
    {
        ["park"] = GiveUpPolicy.Park,
        ["exit"] = GiveUpPolicy.Exit,
    };

    public static readonly IReadOnlyDictionary<string, HealthCheckType> Health = new Dictionary<string, HealthCheckType>
    {
        ["none"] = HealthCheckType.None,
        ["http"] = HealthCheckType.Http,
        ["tcp"] = HealthCheckType.Tcp,
        ["exec"] = HealthCheckType.Exec,
        ["heartbeat"] = HealthCheckType.Heartbeat,
    };

    public static readonly IReadOnlyDictionary<string, ReadyMode> Ready = new Dictionary<string, ReadyMode>
    {
        ["started"] = ReadyMode.Started,
        ["notify"] = ReadyMode.Notify,
    };

    public static readonly IReadOnlyDictionary<string, SyslogProtocol> Syslog = new Dictionary<string, SyslogProtocol>
    {
        ["udp"] = SyslogProtocol.Udp,
        ["tcp"] = SyslogProtocol.Tcp,
    };

    public static readonly IReadOnlyDictionary<string, ProcessSignal> Signals = new Dictionary<string, ProcessSignal>
    {
        ["SIGTERM"] = ProcessSignal.SIGTERM,
        ["SIGINT"] = ProcessSignal.SIGINT,
        ["SIGHUP"] = ProcessSignal.SIGHUP,
        ["SIGQUIT"] = ProcessSignal.SIGQUIT,
        ["SIGKILL"] = ProcessSignal.SIGKILL,
        ["SIGUSR1"] = ProcessSignal.SIGUSR1,
        ["SIGUSR2"] = ProcessSignal.SIGUSR2,
        ["TERM"] = ProcessSignal.SIGTERM,
        ["INT"] = ProcessSignal.SIGINT,
        ["HUP"] = ProcessSignal.SIGHUP,
        ["QUIT"] = ProcessSignal.SIGQUIT,
        ["KILL"] = ProcessSignal.SIGKILL,
        ["USR1"] = ProcessSignal.SIGUSR1,
        ["USR2"] = ProcessSignal.SIGUSR2,
    };
}
