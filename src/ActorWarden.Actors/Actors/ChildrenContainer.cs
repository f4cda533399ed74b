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
    private ChildRestartStats[]? _all;
    private ChildRestartStats[]? _live;

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

    public void Add(ChildRestartStats stats)
    {
        _byName.Add(stats.Child.Path.Name, stats);
        Invalidate();
    }

    public bool Remove(IActorRef child, out ChildRestartStats? removed)
    {
        if (_byName.TryGetValue(child.Path.Name, out var stats) && stats.Child.Equals(child))
        {
            _byName.Remove(child.Path.Name);
            Invalidate();
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
            Invalidate();
        }
    }

    /// <summary>
    /// Children oldest first. The sorted array is cached until the set of children changes: a farm
    /// supervisor handles a failure per restart, and sorting a thousand children each time showed up
    /// in the churn profile. Callers must treat the array as read-only.
    /// </summary>
    public ChildRestartStats[] Snapshot(bool includeDying)
    {
        if (includeDying)
        {
            return _all ??= Build(includeDying: true);
        }

        return _live ??= Build(includeDying: false);
    }

    private ChildRestartStats[] Build(bool includeDying)
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

    private void Invalidate()
    {
        _all = null;
        _live = null;
    }
}
