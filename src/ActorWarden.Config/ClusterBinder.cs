using System.Globalization;
using System.Net;

namespace ActorWarden.Config;

/// <summary>
/// Binds <c>warden.cluster</c> and checks each service's <c>placement</c> against it: a cluster node
/// binds loopback unless TLS with a certificate is configured, seed nodes are host:port, and the
/// placements this version cannot honour (a cluster farm in an explicit group or in a dependency) are
/// refused with the key that asks for them.
/// </summary>
internal static class ClusterBinder
{
    public static readonly IReadOnlyDictionary<string, Placement> Placements = new Dictionary<string, Placement>
    {
        ["local"] = Placement.Local,
        ["cluster"] = Placement.Cluster,
        ["every-node"] = Placement.EveryNode,
    };

    private static readonly string[] DowningStrategies = ["keep-majority", "keep-oldest", "down-all"];

    public static ClusterSpec Bind(ConfigReader c, PathResolver paths)
    {
        var port = c.Int("port", 4053);
        if (port is < 1 or > 65535)
        {
            c.Error("port", $"expected 1..65535, found {port}");
        }

        var hostname = c.String("hostname", "127.0.0.1");
        var seeds = c.StringList("seed-nodes");
        foreach (var seed in seeds.Where(s => !IsHostPort(s)))
        {
            c.Error("seed-nodes", $"seed node \"{seed}\" must be host:port, e.g. \"127.0.0.1:4053\"");
        }

        var minNodes = c.Int("min-nodes", 1);
        if (minNodes < 1)
        {
            c.Error("min-nodes", $"expected at least 1, found {minNodes}");
        }

        var downing = c.String("downing", "keep-majority");
        if (!DowningStrategies.Contains(downing))
        {
            c.Error("downing", $"expected one of {string.Join(" | ", DowningStrategies)}, found \"{downing}\"");
        }

        var t = c.Child("tls");
        var certificate = t.String("certificate");
        var tls = new ClusterTlsSpec
        {
            Enabled = t.Bool("enabled"),
            Certificate = string.IsNullOrEmpty(certificate) ? "" : paths.Resolve(certificate),
            CertificatePassword = t.String("certificate-password"),
        };
        var enabled = c.Bool("enabled");
        if (tls.Enabled && tls.Certificate.Length == 0)
        {
            t.Error("enabled", "TLS needs a certificate: set warden.cluster.tls.certificate to a PKCS#12 (.pfx) file");
        }

        if (enabled && !IsLoopback(hostname) && !(tls.Enabled && tls.Certificate.Length > 0))
        {
            c.Error("hostname", $"a cluster node binds \"{hostname}\", which is not loopback, without TLS: node traffic would be readable and forgeable on the network; set warden.cluster.tls {{ enabled = on, certificate = \"node.pfx\" }} or bind 127.0.0.1");
        }

        var pause = Positive(c, "acceptable-heartbeat-pause", TimeSpan.FromSeconds(3));
        var heartbeat = Positive(c, "heartbeat-interval", TimeSpan.FromSeconds(1));
        if (heartbeat >= pause)
        {
            c.Error("heartbeat-interval", $"must be shorter than acceptable-heartbeat-pause ({pause.TotalMilliseconds:0} ms), or every missed heartbeat marks a live node unreachable");
        }

        TimeSpan? removalMargin = null;
        if (!c.IsNull("removal-margin"))
        {
            removalMargin = c.Duration("removal-margin");
            if (removalMargin <= TimeSpan.Zero)
            {
                c.Error("removal-margin", "expected a positive duration, or null for the same as stable-after");
                removalMargin = null;
            }
        }

        return new ClusterSpec
        {
            Enabled = enabled,
            Hostname = hostname,
            Port = port,
            SeedNodes = seeds,
            MinNodes = Math.Max(1, minNodes),
            Downing = downing,
            StableAfter = Positive(c, "stable-after", TimeSpan.FromSeconds(5)),
            AcceptableHeartbeatPause = pause,
            HeartbeatInterval = heartbeat,
            GossipInterval = Positive(c, "gossip-interval", TimeSpan.FromSeconds(1)),
            RemovalMargin = removalMargin,
            Tls = tls,
        };
    }

    /// <summary>Placement rules across services: cluster placement needs the cluster, and a placed farm stands alone in this version.</summary>
    public static void CheckPlacements(ConfigReader w, ClusterSpec cluster, IReadOnlyList<ServiceSpec> services, IReadOnlyList<GroupSpec> groups, List<ConfigError> errors)
    {
        foreach (var service in services.Where(s => s.Placement != Placement.Local))
        {
            var path = "services." + KeyPath.Quote(service.Name) + ".placement";
            var display = $"services.{service.Name}.placement";
            if (!cluster.Enabled)
            {
                errors.Add(new ConfigError(w.Origin(path), display, $"placement = {Spell(service.Placement)} needs a cluster: set warden.cluster.enabled = on (or placement = local)"));
                continue;
            }

            if (service.Placement != Placement.Cluster)
            {
                continue;
            }

            if (groups.FirstOrDefault(g => !g.Implicit && g.Members.Contains(service.Name)) is { } group)
            {
                errors.Add(new ConfigError(w.Origin(path), display, $"a cluster-placed service cannot be a member of group `{group.Name}` yet: its instances run on different nodes"));
            }

            if (service.DependsOn.Count > 0)
            {
                errors.Add(new ConfigError(w.Origin(path), display, "a cluster-placed service cannot have depends-on or binds-to yet: its instances run on different nodes"));
            }

            if (services.FirstOrDefault(s => s.DependsOn.Contains(service.Name)) is { } dependent)
            {
                errors.Add(new ConfigError(w.Origin(path), display, $"service `{dependent.Name}` depends on this cluster-placed service, which is not supported yet: its instances run on other nodes"));
            }
        }
    }

    private static string Spell(Placement placement) => Placements.First(p => p.Value == placement).Key;

    private static TimeSpan Positive(ConfigReader c, string key, TimeSpan fallback)
    {
        var value = c.Duration(key, fallback);
        if (value <= TimeSpan.Zero)
        {
            c.Error(key, "expected a positive duration");
            return fallback;
        }

        return value;
    }

    private static bool IsHostPort(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is >= 1 and <= 65535;
    }

    private static bool IsLoopback(string hostname) =>
        hostname == "localhost" || (IPAddress.TryParse(hostname, out var address) && IPAddress.IsLoopback(address));
}
