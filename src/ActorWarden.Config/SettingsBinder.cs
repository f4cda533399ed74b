using ActorWarden.Hocon;
using HoconConfig = ActorWarden.Hocon.Config;

namespace ActorWarden.Config;

/// <summary>
/// Turns a merged config (user file over reference.conf) into <see cref="WardenSettings"/>, checking
/// everything a running warden would otherwise trip over later: types and units, unknown names in
/// depends-on and groups, cycles, a service in two groups. All problems are collected, then thrown once.
/// </summary>
internal static class SettingsBinder
{
    public static WardenSettings Bind(HoconConfig merged, string configFile, List<ConfigError> errors)
    {
        var w = new ConfigReader(merged.GetConfig("warden"), "", errors);
        var configDirectory = Path.GetDirectoryName(Path.GetFullPath(configFile)) ?? Directory.GetCurrentDirectory();
        var baseDirectory = w.String("base-directory");
        var paths = new PathResolver(string.IsNullOrEmpty(baseDirectory) ? configDirectory : Path.Combine(configDirectory, baseDirectory));
        var eventsFile = w.Child("events").String("file");
        var logsDirectory = w.Child("logs").String("directory", "logs");

        var services = BindServices(w, merged, paths, logsDirectory, errors);
        var groups = BindGroups(w, merged, services, errors);
        CheckInstanceNames(w, services, errors);
        CheckDependencies(w, services, errors);
        var cluster = ClusterBinder.Bind(w.Child("cluster"), paths);
        ClusterBinder.CheckPlacements(w, cluster, services, groups, errors);

        var root = w.Child("root");
        var http = w.Child("control").Child("http");
        var port = http.Int("port", 9137);
        if (port is < 0 or > 65535)
        {
            http.Error("port", $"expected 0..65535, found {port}");
        }

        return new WardenSettings
        {
            ConfigFile = Path.GetFullPath(configFile),
            AkkaHocon = RenderAkka(merged),
            Name = w.String("name", "warden"),
            BaseDirectory = paths.BaseDirectory,
            EventsFile = string.IsNullOrEmpty(eventsFile) ? null : paths.Resolve(eventsFile),
            LogsDirectory = paths.Resolve(logsDirectory),
            StateFile = paths.Resolve(w.String("state-file")),
            Orphans = w.Enum("orphans", OrphanPolicy.Kill, Spellings.Orphans),
            ShutdownTimeout = w.Duration("shutdown-timeout", TimeSpan.FromSeconds(30)),
            StageCosts = w.Child("diagnostics").Bool("stage-costs", false),
            Containment = w.Enum("containment", Processes.ContainmentSetting.Auto, Spellings.Containment),
            Root = new RootSpec
            {
                Intensity = new IntensitySpec(root.Int("max-restarts", 10), root.Duration("within", TimeSpan.FromSeconds(60))),
                OnGiveUp = root.Enum("on-give-up", GiveUpPolicy.Park, Spellings.GiveUp),
                ExitCode = root.Int("exit-code", 70),
            },
            Control = new ControlHttpSpec
            {
                Enabled = http.Bool("enabled", true),
                Host = http.String("host", "127.0.0.1"),
                Port = port,
                Token = string.IsNullOrEmpty(http.String("token")) ? null : http.String("token"),
                TokenFile = paths.Resolve(http.String("token-file", "state/token")),
            },
            Services = services,
            Groups = groups,
            Cluster = cluster,
        };
    }

    private static List<ServiceSpec> BindServices(ConfigReader w, HoconConfig merged, PathResolver paths, string logsDirectory, List<ConfigError> errors)
    {
        var defaults = merged.GetConfig("warden.service-defaults");
        var services = new List<ServiceSpec>();
        foreach (var name in w.Keys("services"))
        {
            if (!IsValidName(name))
            {
                w.Error("services." + KeyPath.Quote(name), $"service name `{name}` must be letters, digits, '-', '_' or '.' (it becomes a path element and a file name)");
                continue;
            }

            var path = "services." + KeyPath.Quote(name);
            var entry = merged.GetConfig("warden." + path).WithFallback(defaults);
            services.Add(ServiceBinder.Bind(name, new ConfigReader(entry, "services." + name, errors), paths, logsDirectory));
        }

        return services;
    }

    private static List<GroupSpec> BindGroups(ConfigReader w, HoconConfig merged, List<ServiceSpec> services, List<ConfigError> errors)
    {
        var defaults = merged.GetConfig("warden.group-defaults");
        var known = services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        var groups = new List<GroupSpec>();
        foreach (var name in w.Keys("groups"))
        {
            var display = "groups." + name;
            var g = new ConfigReader(merged.GetConfig("warden.groups." + KeyPath.Quote(name)).WithFallback(defaults), display, errors);
            if (!IsValidName(name))
            {
                g.Error("members", $"group name `{name}` must be letters, digits, '-', '_' or '.'");
            }

            if (known.Contains(name))
            {
                g.Error("members", $"group `{name}` has the name of a service; names are shared by `warden start|stop` and must be unique");
            }

            var members = g.StringList("members");
            foreach (var member in members)
            {
                if (!known.Contains(member))
                {
                    var hint = NearestKey.Find(member, known);
                    g.Error("members", $"unknown service `{member}`" + (hint is null ? "" : $"; did you mean `{hint}`?"));
                }
                else if (owner.TryGetValue(member, out var other))
                {
                    g.Error("members", $"service `{member}` is already a member of group `{other}`; a service has one supervisor");
                }
                else
                {
                    owner[member] = name;
                }
            }

            groups.Add(new GroupSpec
            {
                Name = name,
                Strategy = g.Enum("strategy", GroupStrategy.OneForOne, Spellings.Strategy),
                Members = members,
                Intensity = new IntensitySpec(g.Int("max-restarts", 3), g.Duration("within", TimeSpan.FromSeconds(30))),
            });
        }

        var groupDefaults = new ConfigReader(defaults, "group-defaults", errors);
        var implicitIntensity = new IntensitySpec(groupDefaults.Int("max-restarts", 3), groupDefaults.Duration("within", TimeSpan.FromSeconds(30)));
        var groupNames = groups.Select(x => x.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var service in services.Where(s => !owner.ContainsKey(s.Name)))
        {
            if (groupNames.Contains(service.Name))
            {
                continue;
            }

            groups.Add(new GroupSpec
            {
                Name = service.Name,
                Strategy = GroupStrategy.OneForOne,
                Members = new[] { service.Name },
                Intensity = implicitIntensity,
                Implicit = true,
            });
        }

        return groups;
    }

    /// <summary>
    /// Instance names are one namespace (`warden restart web-1`, log file names, metrics labels): a
    /// farm `web` of 2 makes web-1 and web-2, so a service called `web-1` beside it is refused here,
    /// where the place can be named, instead of by the tree when `run` or `reload` builds it.
    /// </summary>
    private static void CheckInstanceNames(ConfigReader w, List<ServiceSpec> services, List<ConfigError> errors)
    {
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            foreach (var instance in service.InstanceNames)
            {
                if (owner.TryGetValue(instance, out var other))
                {
                    var path = "services." + KeyPath.Quote(service.Name);
                    var mine = service.Instances == 1 ? $"service `{service.Name}`" : $"instance `{instance}` of service `{service.Name}`";
                    var theirs = services.First(s => s.Name == other).Instances == 1
                        ? $"service `{other}`"
                        : $"an instance of service `{other}` (a farm of N is named {other}-1..{other}-N)";
                    errors.Add(new ConfigError(w.Origin(path), "services." + service.Name, $"{mine} has the same name as {theirs}; instance names must be unique, so rename one"));
                }
                else
                {
                    owner[instance] = service.Name;
                }
            }
        }
    }

    private static void CheckDependencies(ConfigReader w, List<ServiceSpec> services, List<ConfigError> errors)
    {
        var known = services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var service in services)
        {
            foreach (var dep in service.DependsOn)
            {
                var key = service.BindsTo.Contains(dep) ? "binds-to" : "depends-on";
                if (dep == service.Name)
                {
                    errors.Add(new ConfigError(w.Origin("services." + KeyPath.Quote(service.Name) + "." + key), $"services.{service.Name}.{key}", "a service cannot depend on itself"));
                }
                else if (!known.Contains(dep))
                {
                    var hint = NearestKey.Find(dep, known);
                    errors.Add(new ConfigError(
                        w.Origin("services." + KeyPath.Quote(service.Name) + "." + key),
                        $"services.{service.Name}.{key}",
                        $"unknown service `{dep}`" + (hint is null ? "" : $"; did you mean `{hint}`?")));
                }
            }
        }

        var cycle = DependencyOrder.FindCycle(services.Select(s => s with { DependsOn = s.DependsOn.Where(d => d != s.Name).ToList() }).ToList());
        if (cycle is not null)
        {
            errors.Add(new ConfigError(
                w.Origin("services." + KeyPath.Quote(cycle[0]) + ".depends-on"),
                $"services.{cycle[0]}.depends-on",
                "dependency cycle: " + string.Join(" -> ", cycle)));
        }
    }

    private static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && name is not "." and not ".." && name != "all";

    /// <summary>The akka section for Akka's parser; a malformed one was already reported by the schema check, with file:line:column.</summary>
    private static string RenderAkka(HoconConfig merged)
    {
        try
        {
            return AkkaSection.Render(merged);
        }
        catch (HoconException)
        {
            return "{}";
        }
    }
}
