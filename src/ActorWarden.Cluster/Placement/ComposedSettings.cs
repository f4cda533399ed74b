using ActorWarden.Config;

namespace ActorWarden.Cluster.Placement;

/// <summary>
/// The settings the node's warden reloads to, handed over from the <see cref="PlacementHost"/> (their
/// only writer, which sets them just before it asks for each reload) to the warden's reloader.
/// </summary>
public sealed class ComposedSettings
{
    private WardenSettings _current;

    public ComposedSettings(WardenSettings initial) => _current = initial ?? throw new ArgumentNullException(nameof(initial));

    public WardenSettings Current => Volatile.Read(ref _current);

    internal void Set(WardenSettings settings) => Volatile.Write(ref _current, settings);
}
