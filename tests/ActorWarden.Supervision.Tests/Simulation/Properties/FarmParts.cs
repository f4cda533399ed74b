namespace ActorWarden.Supervision.Tests.Simulation.Properties;

/// <summary>One generated service: the policy knobs the property varies, all small so that restarts, intensity and backoff interact within minutes.</summary>
internal sealed record FarmService(
    string Name,
    int Instances,
    string Restart,
    int StartMs,
    int StartRetries,
    int BackoffMinMs,
    double Jitter,
    int MaxRestarts,
    int WithinS,
    int StopTimeoutMs,
    bool Health,
    IReadOnlyList<string> DependsOn,
    int Version = 1);

/// <summary>One explicit group; its members are listed in service order.</summary>
internal sealed record FarmGroup(string Name, string Strategy, IReadOnlyList<string> Members, int MaxRestarts, int WithinS);

/// <summary>A scripted exit of whatever process the instance runs at <paramref name="AtMs"/>: an exit code, or SIGKILL (an OOM kill).</summary>
internal sealed record FarmExit(int AtMs, int Code, bool Killed);

/// <summary>What the processes of one instance do: when they exit, how they answer SIGTERM, when their health check fails.</summary>
internal sealed record FarmScript(string Instance, IReadOnlyList<FarmExit> Exits, string StopDelay, IReadOnlyList<(int FromMs, int ToMs)> HealthFails);

/// <summary>An operator command (supervisorctl start/stop/restart) issued at a virtual time, without waiting for its answer.</summary>
internal sealed record OperatorAction(int AtMs, string Verb, string Target);

/// <summary>A reload at <paramref name="AtMs"/> of a config in which one service changed (<paramref name="Change"/>: args, instances, restart or stop-timeout).</summary>
internal sealed record FarmReload(int AtMs, string Service, string Change);
