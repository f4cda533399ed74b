using System.Runtime.CompilerServices;

namespace ActorWarden.Hocon;

/// <summary>
/// Resolves substitutions lazily, path by path, against the whole tree. Each field is evaluated from its
/// newest definition back (objects merge, anything else stops the fold). A substitution that leads back to
/// a field being evaluated looks at that field's earlier definitions when every step of the way was a
/// substitution (the spec's self-referential fields, e.g. <c>path = ${path} [ /usr/bin ]</c>); otherwise it
/// is a cycle and the error lists it.
/// </summary>
internal sealed class Resolver
{
    private readonly HoconObject _root;
    private readonly HoconParseOptions _options;
    private readonly Dictionary<HoconPath, HoconValue?> _memo = [];
    private readonly List<Frame> _frames = [];

    private Resolver(HoconObject root, HoconParseOptions options)
    {
        _root = root;
        _options = options;
    }

    public static HoconObject Resolve(HoconObject root, HoconParseOptions options)
    {
        try
        {
            return new Resolver(root, options).ResolveObject(root, HoconPath.Empty, rootChain: true);
        }
        catch (InsufficientExecutionStackException ex)
        {
            throw new HoconException(root.Origin, "expected substitutions nested less deeply, found a chain too deep for the available stack", ex);
        }
    }

    private HoconObject ResolveObject(HoconObject obj, HoconPath? path, bool rootChain)
    {
        if (!obj.HasPending)
        {
            return obj;
        }

        var result = new HoconObject(obj.Origin);
        foreach (var (key, raw, keyOrigin) in obj.Fields)
        {
            if (!Pending.Holds(raw))
            {
                result.Set(key, raw, keyOrigin);
                continue;
            }

            // Only fields reachable through plain objects from the root can be looked up by path.
            var childPath = rootChain ? path?.Append(key) : null;
            var value = EvaluateField(childPath, raw, Entry.Child, childPath is not null);
            if (value is not null)
            {
                result.Set(key, value, keyOrigin);
            }
        }

        return result;
    }

    /// <summary>Evaluates one field (or list element); null means undefined (an optional substitution with no value).</summary>
    private HoconValue? EvaluateField(HoconPath? path, HoconValue raw, Entry entry, bool rootChain)
    {
        if (rootChain && path is not null)
        {
            if (_memo.TryGetValue(path, out var memo))
            {
                return memo;
            }

            var active = _frames.FindLastIndex(f => path.Equals(f.Path));
            if (active >= 0)
            {
                return ReenterActiveField(active, entry, raw);
            }
        }

        if (!Pending.Holds(raw))
        {
            return raw;
        }

        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new HoconException(raw.Origin, "expected values and substitutions nested less deeply, found a chain too deep to resolve");
        }

        var definitions = raw is HoconMergeStack stack ? stack.Definitions : [raw];
        var frame = new Frame(rootChain ? path : null, entry, definitions, raw.Origin);
        _frames.Add(frame);
        HoconValue? result;
        try
        {
            result = Fold(frame, definitions.Count, childrenOnRootChain: rootChain && definitions.Count == 1);
        }
        finally
        {
            _frames.RemoveAt(_frames.Count - 1);
        }

        if (rootChain && path is not null)
        {
            _memo[path] = result;
        }

        return result;
    }

    /// <summary>
    /// A field is needed while it is being evaluated. Through substitutions only, that is a self-reference:
    /// answer with the field's earlier definitions. Through an object or list, it is a cycle.
    /// </summary>
    private HoconValue? ReenterActiveField(int active, Entry entry, HoconValue raw)
    {
        var frame = _frames[active];
        var throughSubstitutionsOnly = entry == Entry.Substitution
            && _frames.Skip(active + 1).All(f => f.Entry == Entry.Substitution);
        if (!throughSubstitutionsOnly || (frame.Index == 0 && active < _frames.Count - 1))
        {
            throw CycleError(active, raw);
        }

        if (frame.Index == 0)
        {
            return null;
        }

        var earlier = new Frame(frame.Path, Entry.Substitution, frame.Definitions, frame.Origin);
        _frames.Add(earlier);
        try
        {
            return Fold(earlier, frame.Index, childrenOnRootChain: false);
        }
        finally
        {
            _frames.RemoveAt(_frames.Count - 1);
        }
    }

    private HoconException CycleError(int active, HoconValue raw)
    {
        var paths = _frames.Skip(active).Where(f => f.Path is not null).Select(f => f.Path!.ToString()).ToList();
        var steps = paths.Where((p, i) => i == 0 || p != paths[i - 1]).Append(_frames[active].Path!.ToString());
        var cycle = string.Join(" -> ", steps);
        var origin = _frames[^1].Origin;
        return new HoconException(origin, $"expected substitutions without a cycle, found a cycle: {cycle}");
    }

    /// <summary>Folds the first <paramref name="count"/> definitions, newest first.</summary>
    private HoconValue? Fold(Frame frame, int count, bool childrenOnRootChain)
    {
        HoconValue? acc = null;
        for (var i = count - 1; i >= 0; i--)
        {
            frame.Index = i;
            var value = EvaluateDefinition(frame.Definitions[i], frame.Path, childrenOnRootChain);
            if (value is null)
            {
                continue;
            }

            if (acc is null)
            {
                acc = value;
            }
            else if (value is HoconObject)
            {
                acc = RawMerge.MergeCopy(value, acc);
            }
            else
            {
                break;
            }

            if (acc is not HoconObject)
            {
                break;
            }
        }

        return acc;
    }

    private HoconValue? EvaluateDefinition(HoconValue definition, HoconPath? path, bool childrenOnRootChain)
    {
        switch (definition)
        {
            case HoconSubstitution s:
                return Lookup(s);
            case HoconConcatenation c:
                return Concatenate(c, path);
            case HoconObject o:
                return ResolveObject(o, path, childrenOnRootChain);
            case HoconArray a:
                return ResolveArray(a);
            case HoconMergeStack:
                return EvaluateField(path, definition, Entry.Substitution, rootChain: false);
            default:
                return definition;
        }
    }

    private HoconArray ResolveArray(HoconArray array)
    {
        if (!array.HasPending)
        {
            return array;
        }

        var result = new HoconArray(array.Origin);
        foreach (var element in array)
        {
            if (EvaluateField(null, element, Entry.Child, rootChain: false) is { } value)
            {
                result.Add(value);
            }
        }

        return result;
    }

    private HoconValue? Concatenate(HoconConcatenation concatenation, HoconPath? path)
    {
        var parts = new List<HoconValue>(concatenation.Parts.Count);
        var defined = false;
        foreach (var part in concatenation.Parts)
        {
            var value = part switch
            {
                HoconSubstitution s => Lookup(s),
                HoconObject o => ResolveObject(o, path, rootChain: false),
                HoconArray a => ResolveArray(a),
                _ => part,
            };
            if (value is null)
            {
                continue;
            }

            defined |= value is not HoconString { IsSeparator: true };
            parts.Add(value);
        }

        if (!defined)
        {
            return null;
        }

        return Concatenator.Combine(parts, concatenation.Origin, copyObjects: true);
    }

    private HoconValue? Lookup(HoconSubstitution substitution)
    {
        foreach (var candidate in substitution.Candidates)
        {
            if (TryLookup(candidate, out var value))
            {
                return value;
            }
        }

        var path = substitution.WrittenPath;
        if (_options.LookupEnvironment(path.ToEnvironmentName()) is { } env)
        {
            return new HoconString(env, substitution.Origin);
        }

        if (substitution.Optional)
        {
            return null;
        }

        var selfReference = _frames.Exists(f => path.Equals(f.Path));
        var hint = selfReference ? " (it refers to its own field, which has no earlier value)" : string.Empty;
        throw new HoconException(substitution.Origin, $"expected a value for substitution ${{{path}}}, found path {path} is not defined{hint}");
    }

    private bool TryLookup(HoconPath path, out HoconValue? value)
    {
        value = null;
        HoconObject current = _root;
        for (var i = 0; i < path.Length; i++)
        {
            if (!current.TryGetValue(path.Elements[i], out var raw))
            {
                return false;
            }

            var prefix = i == path.Length - 1 ? path : path.Prefix(i + 1);
            if (i < path.Length - 1 && raw is HoconObject literal)
            {
                current = literal;
                continue;
            }

            var resolved = EvaluateField(prefix, raw, Entry.Substitution, rootChain: true);
            if (i == path.Length - 1)
            {
                value = resolved;
                return resolved is not null;
            }

            return Navigate(resolved, path, i + 1, out value);
        }

        return false;
    }

    private static bool Navigate(HoconValue? from, HoconPath path, int start, out HoconValue? value)
    {
        value = from;
        for (var i = start; i < path.Length; i++)
        {
            if (value is not HoconObject obj || !obj.TryGetValue(path.Elements[i], out value))
            {
                value = null;
                return false;
            }
        }

        return value is not null;
    }

    private enum Entry
    {
        /// <summary>Reached by walking into an object or list: a cycle back here cannot be broken.</summary>
        Child,

        /// <summary>Reached by a substitution: may look back at earlier definitions.</summary>
        Substitution,
    }

    private sealed class Frame(HoconPath? path, Entry entry, IReadOnlyList<HoconValue> definitions, HoconOrigin origin)
    {
        public HoconPath? Path { get; } = path;

        public Entry Entry { get; } = entry;

        public IReadOnlyList<HoconValue> Definitions { get; } = definitions;

        public HoconOrigin Origin { get; } = origin;

        /// <summary>Which definition is being evaluated; a self-reference sees the ones before it.</summary>
        public int Index { get; set; }
    }
}
