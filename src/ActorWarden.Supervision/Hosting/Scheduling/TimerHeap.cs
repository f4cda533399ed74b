namespace ActorWarden.Supervision.Hosting.Scheduling;

/// <summary>
/// A timer queue: a binary min-heap ordered by due time, then by scheduling order. In place of
/// <c>PriorityQueue&lt;ScheduledTimer, (long, long)&gt;</c>, whose instantiation over a tuple key ReadyToRun
/// cannot precompile and whose default comparer went through <c>ValueTuple.CompareTo</c>: popping timers
/// was about 6 % of a simulated day of 100 services, part of it in unoptimized code. The order is total
/// (sequences are unique), so any heap pops the same sequence. Not thread-safe: its owner locks.
/// </summary>
internal sealed class TimerHeap
{
    private Entry[] _entries = new Entry[64];

    public int Count { get; private set; }

    /// <summary>The first entry; only when <see cref="Count"/> is above zero.</summary>
    public ref readonly Entry Min => ref _entries[0];

    public void Push(Entry entry)
    {
        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        var i = Count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!entry.Before(_entries[parent]))
            {
                break;
            }

            _entries[i] = _entries[parent];
            i = parent;
        }

        _entries[i] = entry;
    }

    public void Pop()
    {
        var last = _entries[--Count];
        _entries[Count] = default;
        if (Count > 0)
        {
            SiftDown(last);
        }
    }

    /// <summary>Removes the first entry and adds <paramref name="entry"/>, as <see cref="Pop"/> then <see cref="Push"/> would.</summary>
    public void ReplaceMin(Entry entry) => SiftDown(entry);

    /// <summary>Puts <paramref name="entry"/> at the root's place and moves it down to where it belongs.</summary>
    private void SiftDown(Entry entry)
    {
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= Count)
            {
                break;
            }

            if (child + 1 < Count && _entries[child + 1].Before(_entries[child]))
            {
                child++;
            }

            if (!_entries[child].Before(entry))
            {
                break;
            }

            _entries[i] = _entries[child];
            i = child;
        }

        _entries[i] = entry;
    }

    /// <summary>Removes and returns every entry, in no particular order.</summary>
    public Entry[] Drain()
    {
        var all = _entries[..Count];
        Clear();
        return all;
    }

    public void Clear()
    {
        Array.Clear(_entries, 0, Count);
        Count = 0;
    }

    /// <summary>A timer with its due time (ticks of its scheduler's clock) and its place in scheduling order.</summary>
    public readonly record struct Entry(long Due, long Sequence, ScheduledTimer Timer)
    {
        public bool Before(in Entry other) => Due < other.Due || (Due == other.Due && Sequence < other.Sequence);
    }
}
