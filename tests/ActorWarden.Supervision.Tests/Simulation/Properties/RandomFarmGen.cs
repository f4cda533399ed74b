using CsCheck;

namespace ActorWarden.Supervision.Tests.Simulation.Properties;

/// <summary>
/// CsCheck generators of <see cref="RandomFarm"/>s. Everything is drawn as small independent numbers
/// and only then shaped into a farm (names, instance names, times as fractions of the duration), so
/// CsCheck can shrink each number on its own and every draw yields a valid config and scenario:
/// depends-on only points at earlier services (no cycles), groups are never empty, health failures only
/// script services that have a check.
/// </summary>
internal static class RandomFarmGen
{
    private const int MaxServices = 4;
    private const int MaxInstances = 3;
    private static readonly string[] Restarts = ["always", "on-failure", "never"];
    private static readonly string[] Strategies = ["one-for-one", "one-for-all", "rest-for-one"];
    private static readonly string[] Verbs = ["start", "stop", "restart"];
    private static readonly string[] Changes = ["args", "instances", "restart", "stop-timeout"];
    private static readonly string[] StopDelays = ["0s", "0s", "1500ms", "never"];

    private sealed record ServiceDraft(int Restart, int Instances, int StartMs, int StartRetries, int BackoffMinMs, int Jitter, int MaxRestarts, int WithinS, int StopTimeoutS, bool Health, int DependsMask, int Group);

    private sealed record ScriptDraft((int Permille, int Kind)[] Exits, int StopDelay, int HealthFrom, int HealthLengthS);

    private sealed record ActionDraft(int Permille, int Verb, int Target);

    private sealed record ReloadDraft(bool Present, int Permille, int Service, int Change);

    private static readonly Gen<ServiceDraft> Service =
        Gen.Select(
            Gen.Int[0, 2], Gen.Int[1, MaxInstances], Gen.Int[0, 4], Gen.Int[1, 3], Gen.Int[1, 10], Gen.Int[0, 3],
            Gen.Int[1, 5], Gen.Int[5, 60], Gen.Int[1, 5], Gen.Bool, Gen.Int[0, 7], Gen.Int[-1, 1],
            (restart, instances, start, retries, backoff, jitter, max, within, stop, health, mask, group) =>
                new ServiceDraft(restart, instances, start * 500, retries, backoff * 100, jitter, max, within, stop, health, mask, group));

    private static readonly Gen<ScriptDraft> Script =
        Gen.Select(
            Gen.Select(Gen.Int[0, 999], Gen.Int[0, 5]).Array[0, 4],
            Gen.Int[0, 3],
            Gen.Int[-1, 999],
            Gen.Int[5, 60],
            (exits, stop, from, length) => new ScriptDraft(exits, stop, from, length));

    private static readonly Gen<ActionDraft> Action =
        Gen.Select(Gen.Int[1, 999], Gen.Int[0, 2], Gen.Int[0, 99], (at, verb, target) => new ActionDraft(at, verb, target));

    private static readonly Gen<ReloadDraft> Reload =
        Gen.Select(Gen.Bool, Gen.Int[1, 999], Gen.Int[0, MaxServices - 1], Gen.Int[0, 3], (present, at, service, change) => new ReloadDraft(present, at, service, change));

    /// <summary>A farm of 1–4 services played for 2–5 virtual minutes.</summary>
    public static readonly Gen<RandomFarm> Farm =
        from count in Gen.Int[1, MaxServices]
        from services in Service.Array[count]
        from groups in Gen.Select(Gen.Int[0, 2], Gen.Int[1, 4], Gen.Int[10, 60]).Array[2]
        from root in Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3])
        from scripts in Script.Array[MaxServices * MaxInstances]
        from execError in Gen.Int[0, 9 + MaxServices]
        from actions in Action.Array[0, 5]
        from reload in Reload
        from durationS in Gen.Int[120, 300]
        from seed in Gen.Int[1, 1000]
        select Shape(services, groups, root, scripts, execError, actions, reload, durationS, seed);

    private static RandomFarm Shape(
        ServiceDraft[] drafts,
        (int Strategy, int MaxRestarts, int WithinS)[] groupDrafts,
        (int MaxRestarts, int GiveUp) root,
        ScriptDraft[] scriptDrafts,
        int execError,
        ActionDraft[] actionDrafts,
        ReloadDraft reloadDraft,
        int durationS,
        int seed)
    {
        var durationMs = durationS * 1000;
        var services = drafts.Select((d, i) => new FarmService(
            Name: $"s{i}",
            Instances: d.Instances,
            Restart: Restarts[d.Restart],
            StartMs: d.StartMs,
            StartRetries: d.StartRetries,
            BackoffMinMs: d.BackoffMinMs,
            Jitter: d.Jitter / 10.0,
            MaxRestarts: d.MaxRestarts,
            WithinS: d.WithinS,
            StopTimeoutMs: d.StopTimeoutS * 1000,
            Health: d.Health,
            DependsOn: Enumerable.Range(0, i).Where(j => (d.DependsMask & (1 << j)) != 0).Select(j => $"s{j}").ToArray())).ToArray();

        var groups = groupDrafts
            .Select((g, gi) => new FarmGroup(
                $"g{gi}",
                Strategies[g.Strategy],
                services.Where((_, i) => drafts[i].Group == gi).Select(s => s.Name).ToArray(),
                g.MaxRestarts,
                g.WithinS))
            .Where(g => g.Members.Count > 0)
            .ToArray();

        var instances = services.SelectMany(s => InstanceNames(s).Select(name => (Name: name, s.Health))).ToArray();
        var scripts = instances.Select((inst, k) =>
        {
            var d = scriptDrafts[k];
            var exits = d.Exits
                .Select(e => new FarmExit(e.Permille * durationMs / 1000, e.Kind switch { 0 => 0, 4 => 2, _ => 1 }, e.Kind == 5))
                .OrderBy(e => e.AtMs)
                .ToArray();
            var health = inst.Health && d.HealthFrom >= 0
                ? new[] { (d.HealthFrom * durationMs / 1000, d.HealthFrom * durationMs / 1000 + d.HealthLengthS * 1000) }
                : Array.Empty<(int, int)>();
            return new FarmScript(inst.Name, exits, StopDelays[d.StopDelay], health);
        }).ToArray();

        var targets = services.Select(s => s.Name)
            .Concat(instances.Select(i => i.Name).Where(n => services.All(s => s.Name != n)))
            .Concat(groups.Select(g => g.Name))
            .Append("all")
            .ToArray();
        var actions = actionDrafts
            .Select(a => new OperatorAction(a.Permille * durationMs / 1000, Verbs[a.Verb], targets[a.Target % targets.Length]))
            .ToArray();

        var reload = reloadDraft.Present
            ? new FarmReload(reloadDraft.Permille * durationMs / 1000, services[reloadDraft.Service % services.Length].Name, Changes[reloadDraft.Change])
            : null;

        return new RandomFarm(
            services,
            groups,
            root.MaxRestarts,
            root.GiveUp == 0 ? "exit" : "park",
            scripts,
            execError < services.Length ? services[execError].Name : null,
            actions,
            reload,
            durationS,
            seed);
    }

    private static IEnumerable<string> InstanceNames(FarmService service) =>
        service.Instances == 1 ? [service.Name] : Enumerable.Range(1, service.Instances).Select(i => $"{service.Name}-{i}");
}
