using ActorWarden.Config;
using ActorWarden.Supervision.Tree.Launch;

namespace ActorWarden.Supervision.Tree;

/// <summary>
/// The shape of the tree derived once from <see cref="WardenSettings"/>: every group (with an implicit
/// one-for-one group for each service no group lists), members in order, instances, and the
/// dependency order. The guardian, the status board and reload all read the same layout, so they
/// cannot disagree about which instance belongs where.
/// </summary>
public sealed class TreeLayout
{
    private readonly Dictionary<string, ServiceSpec> _services;
    private readonly Dictionary<string, string> _groupOf;
    private readonly Dictionary<string, InstanceIdentity> _instances;
    private readonly Dictionary<string, IReadOnlyList<string>> _dependents;
    private readonly Dictionary<string, IReadOnlyList<ServiceSpec>> _boundBy;
    private readonly Dictionary<string, IReadOnlyList<InstanceIdentity>> _instancesOf;

    private TreeLayout(WardenSettings settings)
    {
        Settings = settings;
        _services = new Dictionary<string, ServiceSpec>(StringComparer.Ordinal);
        foreach (var service in settings.Services)
        {
            if (!_services.TryAdd(service.Name, service))
            {
                throw new ArgumentException($"services.{service.Name}: the service is defined twice.", nameof(settings));
            }
        }

        _groupOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var groups = new List<GroupSpec>();
        foreach (var group in settings.Groups)
        {
            var members = group.Members.Where(m => _services.ContainsKey(m) && !_groupOf.ContainsKey(m)).ToArray();
            foreach (var member in members)
            {
                _groupOf[member] = group.Name;
            }

            if (group.Implicit && members.Length == 0)
            {
                continue;
            }

            groups.Add(group with { Members = members });
        }

        foreach (var service in settings.Services.Where(s => !_groupOf.ContainsKey(s.Name)))
        {
            if (groups.Any(g => g.Name == service.Name))
            {
                throw new ArgumentException($"services.{service.Name}: a group has the same name, so the service's implicit group cannot be created; list it in that group.", nameof(settings));
            }

            _groupOf[service.Name] = service.Name;
            groups.Add(new GroupSpec { Name = service.Name, Members = [service.Name], Implicit = true });
        }

        Groups = groups;
        _instances = new Dictionary<string, InstanceIdentity>(StringComparer.Ordinal);
        var instances = new List<InstanceIdentity>();
        foreach (var group in groups)
        {
            foreach (var member in group.Members)
            {
                foreach (var instance in InstanceIdentity.Of(_services[member], group.Name))
                {
                    if (!_instances.TryAdd(instance.Name, instance))
                    {
                        throw new ArgumentException($"services.{member}: instance name '{instance.Name}' is also used by service '{_instances[instance.Name].Service}'.", nameof(settings));
                    }

                    instances.Add(instance);
                }
            }
        }

        Instances = instances;
        _instancesOf = instances
            .GroupBy(i => i.Service, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<InstanceIdentity>)g.ToArray(), StringComparer.Ordinal);
        var known = settings.Services.Select(s => s with { DependsOn = s.DependsOn.Where(_services.ContainsKey).ToArray() }).ToList();
        try
        {
            StartOrder = DependencyOrder.StartOrder(known).Select(s => s.Name).ToArray();
        }
        catch (InvalidOperationException ex)
        {
            throw new ArgumentException($"depends-on: {ex.Message}", nameof(settings), ex);
        }

        StopOrder = StartOrder.Reverse().ToArray();
        _dependents = known.ToDictionary(
            s => s.Name,
            s => (IReadOnlyList<string>)known.Where(d => d.DependsOn.Contains(s.Name)).Select(d => d.Name).ToArray(),
            StringComparer.Ordinal);

        // Asked at every exit of every instance, so looked up rather than searched.
        _boundBy = settings.Services
            .SelectMany(dependent => dependent.BindsTo.Distinct(StringComparer.Ordinal).Select(target => (target, dependent)))
            .GroupBy(pair => pair.target, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ServiceSpec>)g.Select(pair => pair.dependent).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The settings this layout was derived from.</summary>
    public WardenSettings Settings { get; }

    /// <summary>Groups in configuration order, implicit groups included, members limited to existing services.</summary>
    public IReadOnlyList<GroupSpec> Groups { get; }

    /// <summary>Every instance, group by group, in start order.</summary>
    public IReadOnlyList<InstanceIdentity> Instances { get; }

    /// <summary>Service names with dependencies first.</summary>
    public IReadOnlyList<string> StartOrder { get; }

    /// <summary>Service names with dependents first.</summary>
    public IReadOnlyList<string> StopOrder { get; }

    /// <summary>Services in configuration order.</summary>
    public IReadOnlyList<ServiceSpec> Services => Settings.Services;

    /// <summary>Builds the layout; a duplicate name or a dependency cycle is an <see cref="ArgumentException"/> naming it.</summary>
    public static TreeLayout From(WardenSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new TreeLayout(settings);
    }

    public bool HasService(string name) => _services.ContainsKey(name);

    public ServiceSpec Service(string name) => _services[name];

    public string GroupOf(string service) => _groupOf[service];

    public GroupSpec? Group(string name) => Groups.FirstOrDefault(g => g.Name == name);

    public IReadOnlyList<ServiceSpec> MembersOf(GroupSpec group) => group.Members.Select(m => _services[m]).ToArray();

    public bool TryGetInstance(string name, out InstanceIdentity instance) => _instances.TryGetValue(name, out instance!);

    /// <summary>The instances of <paramref name="service"/>, in tree order; looked up, as the guardian asks at every state change.</summary>
    public IReadOnlyList<InstanceIdentity> InstancesOf(string service) => _instancesOf.GetValueOrDefault(service) ?? Array.Empty<InstanceIdentity>();

    /// <summary>Services that list <paramref name="service"/> in depends-on.</summary>
    public IReadOnlyList<string> DependentsOf(string service) => _dependents.GetValueOrDefault(service) ?? Array.Empty<string>();

    /// <summary>Services that list <paramref name="service"/> in binds-to, in configuration order.</summary>
    public IReadOnlyList<ServiceSpec> BoundBy(string service) => _boundBy.GetValueOrDefault(service) ?? Array.Empty<ServiceSpec>();

    /// <summary>The known dependencies of <paramref name="service"/>.</summary>
    public IReadOnlyList<string> DependenciesOf(string service) => _services[service].DependsOn.Where(_services.ContainsKey).ToArray();
}
