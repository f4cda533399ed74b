using System.Collections;

namespace ActorWarden.Hocon;

/// <summary>An ordered list of values; arrays never merge with earlier values, they replace them (or concatenate explicitly).</summary>
public sealed class HoconArray : HoconValue, IReadOnlyList<HoconValue>
{
    private readonly List<HoconValue> _items;

    public HoconArray(IEnumerable<HoconValue> items, HoconOrigin origin)
        : base(origin)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
        HasPending = _items.Exists(Pending.Holds);
    }

    internal HoconArray(HoconOrigin origin)
        : base(origin) => _items = [];

    public override HoconValueType Type => HoconValueType.Array;

    public int Count => _items.Count;

    public HoconValue this[int index] => _items[index];


    /// <summary>True when a substitution may be inside (set while parsing); resolution copies only such subtrees.</summary>
    internal bool HasPending { get; private set; }

    internal void Add(HoconValue value)
    {
        HasPending |= Pending.Holds(value);
        _items.Add(value);
    }

    public IEnumerator<HoconValue> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal override string Describe() => "a list";
}
