using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace ActorWarden.Hocon;

/// <summary>
/// An object whose keys keep the order they were first written in, so output and error listings follow
/// the user's file; each key also remembers where it was written.
/// </summary>
public sealed class HoconObject : HoconValue, IReadOnlyDictionary<string, HoconValue>
{
    private readonly Dictionary<string, Field> _fields = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];

    public HoconObject(HoconOrigin origin)
        : base(origin)
    {
    }

    public override HoconValueType Type => HoconValueType.Object;

    /// <summary>The keys in the order they were first written.</summary>
    public IReadOnlyList<string> Keys => _keys;

    IEnumerable<string> IReadOnlyDictionary<string, HoconValue>.Keys => _keys;

    public IEnumerable<HoconValue> Values => _keys.Select(k => _fields[k].Value);

    public int Count => _keys.Count;

    public HoconValue this[string key] => _fields[key].Value;


    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out HoconValue value)
    {
        if (_fields.TryGetValue(key, out var field))
        {
            value = field.Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Where the key was (last) written; falls back to the value's origin.</summary>
    public HoconOrigin KeyOrigin(string key) => _fields[key].KeyOrigin;

    /// <summary>Sets a field; an existing key keeps its position.</summary>
    internal void Set(string key, HoconValue value, HoconOrigin keyOrigin)
    {
        if (!_fields.ContainsKey(key))
        {
            _keys.Add(key);
        }

        _fields[key] = new Field(value, keyOrigin);
    }

    public IEnumerator<KeyValuePair<string, HoconValue>> GetEnumerator()
    {
        foreach (var key in _keys)
        {
            yield return new KeyValuePair<string, HoconValue>(key, _fields[key].Value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal override string Describe() => "an object";

    private readonly record struct Field(HoconValue Value, HoconOrigin KeyOrigin);
}
