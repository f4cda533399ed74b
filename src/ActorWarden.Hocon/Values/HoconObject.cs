using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace ActorWarden.Hocon;

/// <summary>
/// An object whose keys keep the order they were first written in, so output and error listings follow
/// the user's file; each key also remembers where it was written. Small objects (the common case in
/// configs) are a plain list; an index is built only once an object grows large.
/// </summary>
public sealed class HoconObject : HoconValue, IReadOnlyDictionary<string, HoconValue>
{
    private const int IndexThreshold = 8;
    private readonly List<HoconField> _entries = [];
    private Dictionary<string, int>? _index;
    private KeyView? _keys;

    public HoconObject(HoconOrigin origin)
        : base(origin)
    {
    }

    public override HoconValueType Type => HoconValueType.Object;

    /// <summary>The keys in the order they were first written.</summary>
    public IReadOnlyList<string> Keys => _keys ??= new KeyView(_entries);

    IEnumerable<string> IReadOnlyDictionary<string, HoconValue>.Keys => Keys;

    public IEnumerable<HoconValue> Values => _entries.Select(e => e.Value);

    public int Count => _entries.Count;

    public HoconValue this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"key '{key}' is not in the object at {Origin}");

    /// <summary>The fields in order, with their key origins, for internal walks that need all three.</summary>
    internal IReadOnlyList<HoconField> Fields => _entries;

    /// <summary>True when a substitution may be inside (set while parsing); resolution copies only such subtrees.</summary>
    internal bool HasPending { get; private set; }

    public bool ContainsKey(string key) => Find(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out HoconValue value)
    {
        var i = Find(key);
        if (i >= 0)
        {
            value = _entries[i].Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Where the key was (last) written.</summary>
    public HoconOrigin KeyOrigin(string key)
    {
        var i = Find(key);
        return i >= 0 ? _entries[i].KeyOrigin : throw new KeyNotFoundException($"key '{key}' is not in the object at {Origin}");
    }

    /// <summary>
    /// Every place the key was written, in order, the last one being <see cref="KeyOrigin"/>: a key
    /// written twice (two <c>web { }</c> blocks, or an include and an override) has two.
    /// </summary>
    public IReadOnlyList<HoconOrigin> KeyOrigins(string key)
    {
        var i = Find(key);
        if (i < 0)
        {
            throw new KeyNotFoundException($"key '{key}' is not in the object at {Origin}");
        }

        var field = _entries[i];
        return field.EarlierKeyOrigins is { } earlier ? [.. earlier, field.KeyOrigin] : [field.KeyOrigin];
    }

    /// <summary>
    /// Sets a field; an existing key keeps its position and its earlier key origins (plus
    /// <paramref name="incomingEarlier"/>, those of a field being merged in).
    /// </summary>
    internal void Set(string key, HoconValue value, HoconOrigin keyOrigin, HoconOrigin[]? incomingEarlier = null)
    {
        HasPending |= Pending.Holds(value);
        var i = Find(key);
        if (i >= 0)
        {
            var existing = _entries[i];
            var earlier = existing.KeyOrigin == keyOrigin
                ? existing.EarlierKeyOrigins
                : [.. existing.EarlierKeyOrigins ?? [], existing.KeyOrigin];
            if (incomingEarlier is not null)
            {
                earlier = [.. earlier ?? [], .. incomingEarlier];
            }

            _entries[i] = new HoconField(key, value, keyOrigin) { EarlierKeyOrigins = earlier };
            return;
        }

        _entries.Add(new HoconField(key, value, keyOrigin) { EarlierKeyOrigins = incomingEarlier });
        if (_index is not null)
        {
            _index[key] = _entries.Count - 1;
        }
        else if (_entries.Count > IndexThreshold)
        {
            _index = new Dictionary<string, int>(_entries.Count * 2, StringComparer.Ordinal);
            for (var k = 0; k < _entries.Count; k++)
            {
                _index[_entries[k].Key] = k;
            }
        }
    }

    public IEnumerator<KeyValuePair<string, HoconValue>> GetEnumerator()
    {
        foreach (var entry in _entries)
        {
            yield return new KeyValuePair<string, HoconValue>(entry.Key, entry.Value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal override string Describe() => "an object";

    private int Find(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var i) ? i : -1;
        }

        for (var i = 0; i < _entries.Count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private sealed class KeyView(List<HoconField> entries) : IReadOnlyList<string>
    {
        public int Count => entries.Count;

        public string this[int index] => entries[index].Key;

        public IEnumerator<string> GetEnumerator()
        {
            foreach (var entry in entries)
            {
                yield return entry.Key;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
