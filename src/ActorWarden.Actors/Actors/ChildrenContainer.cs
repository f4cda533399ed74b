namespace ActorWarden.Actors;

/// <summary>
/// A parent's children by name, in creation order. Names stay reserved until the child has fully
/// terminated, so a replacement can never be confused with an incarnation that is still stopping.
/// Guarded by a lock because top-level actors are created from any thread.
/// </summary>
internal sealed class ChildrenContainer
{
    private readonly Dictionary<string, ChildRestartStats> _byName = new(StringComparer.Ordinal);
    private long _nextOrder;
    private long _nextAutoName;
    private int _dying;

    public object Gate => _byName;

    public int DyingCount => _dying;

    public bool TryGet(string name, out ChildRestartStats stats) => _byName.TryGetValue(name, out stats!);

    public long NextOrder() => _nextOrder++;

    public string NextAutoName()
    {
        var n = _nextAutoName++;
        Span<char> buffer = stackalloc char[16];
        var i = buffer.Length;
        do
        {
            buffer[--i] = (char)('a' + (n % 26));
            n /= 26;
        }
        while (n > 0);

        buffer[--i] = '$';
        return new string(buffer[i..]);
    }

    public void Add(ChildRestartStats stats) => _byName.Add(stats.Child.Path.Name, stats);

    public bool Remove(IActorRef child, out ChildRestartStats? removed)
    {
        if (_byName.TryGetValue(child.Path.Name, out var stats) && stats.Child.Equals(child))
        {
            _byName.Remove(child.Path.Name);
            if (stats.IsDying)
            {
                _dying--;
            }

            removed = stats;
            return true;
        }

        removed = null;
        return false;
    }

    public void MarkDying(ChildRestartStats stats)
    {
        if (!stats.IsDying)
        {
            stats.IsDying = true;
            _dying++;
        }
    }

    public ChildRestartStats[] Snapshot(bool includeDying)
    {
        var list = new List<ChildRestartStats>(_byName.Count);
        foreach (var stats in _byName.Values)
        {
            if (includeDying || !stats.IsDying)
            {
                list.Add(stats);
            }
        }

        list.Sort(static (a, b) => a.CreationOrder.CompareTo(b.CreationOrder));
        return list.ToArray();
    }
}
