using ActorWarden.Config;

namespace ActorWarden.Cluster.Placement;

/// <summary>
/// What one node's warden runs, as a pure function of the config and of the placed instances the
/// cluster gave this node. Local and every-node services run as configured. A cluster-placed farm is
/// not run as a farm: each of its instances hosted here becomes a one-instance service of its own,
/// named like the instance (<c>web-3</c>) and marked with <see cref="PlacedInstance"/> so its process
/// keeps the farm's SERVICE, INSTANCE and PORT. Hosting or releasing one instance is then an ordinary
/// reload that adds or removes one service, and leaves every other process alone.
/// </summary>
public sealed class PlacementPlan
{
    private readonly Dictionary<string, PlacedInstance> _byInstance;
    private readonly List<ServiceSpec> _farms;

    public PlacementPlan(WardenSettings settings)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _farms = settings.Services.Where(s => s.Placement == ActorWarden.Config.Placement.Cluster).ToList();
        _byInstance = _farms
            .SelectMany(f => f.InstanceNames.Select((name, index) => (name, placed: new PlacedInstance(f.Name, index))))
            .ToDictionary(x => x.name, x => x.placed, StringComparer.Ordinal);
    }

    /// <summary>The config as bound from the file.</summary>
    public WardenSettings Settings { get; }

    /// <summary>The cluster-placed services, in configuration order.</summary>
    public IReadOnlyList<ServiceSpec> Farms => _farms;

    /// <summary>The farm and position of a placed instance name (web-3), or null when the name is not placed.</summary>
    public PlacedInstance? Find(string instance) => _byInstance.GetValueOrDefault(instance);

    /// <summary>The instance name of <paramref name="placed"/> (web-3; the farm's name when it has one instance).</summary>
    public string NameOf(PlacedInstance placed) => Farm(placed.Service).InstanceNames[placed.Index];

    public ServiceSpec Farm(string service) => Farms.First(f => f.Name == service);

    /// <summary>The settings this node's warden runs with <paramref name="hosted"/> placed here.</summary>
    public WardenSettings Compose(IEnumerable<PlacedInstance> hosted)
    {
        ArgumentNullException.ThrowIfNull(hosted);
        var farmNames = Farms.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var placed = hosted
            .Distinct()
            .OrderBy(p => _farms.FindIndex(f => f.Name == p.Service))
            .ThenBy(p => p.Index)
            .Select(HostedSpec)
            .ToList();
        var services = Settings.Services.Where(s => !farmNames.Contains(s.Name)).Concat(placed).ToList();
        var groups = Settings.Groups.Where(g => !(g.Implicit && farmNames.Contains(g.Name))).ToList();
        foreach (var spec in placed)
        {
            var farmGroup = Settings.Groups.First(g => g.Implicit && g.Name == spec.PlacedFrom!.Service);
            groups.Add(farmGroup with { Name = spec.Name, Members = [spec.Name] });
        }

        return Settings with { Services = services, Groups = groups };
    }

    /// <summary>A local status row as the cluster shows it: a hosted instance under its farm's service and group, with the node it runs on.</summary>
    public InstanceStatus AsClusterRow(InstanceStatus row, string node)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Find(row.Name) is { } placed && row.Service == row.Name
            ? row with { Service = placed.Service, Group = placed.Service, Node = node }
            : row with { Node = node };
    }

    private ServiceSpec HostedSpec(PlacedInstance placed)
    {
        var farm = Farm(placed.Service);
        return farm with
        {
            Name = NameOf(placed),
            Instances = 1,
            Placement = ActorWarden.Config.Placement.Local,
            PlacedFrom = placed,
        };
    }
}
