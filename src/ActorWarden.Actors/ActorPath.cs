using System.Text;

namespace ActorWarden.Actors;

/// <summary>
/// The location of an actor in the supervision tree, e.g. <c>/user/warden/web/web-1</c>. Paths make logs,
/// events and error messages point at exactly one place in the tree; they are unique among live siblings
/// but reused after an actor stops, which is why actor references also carry a uid.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private readonly ActorPath? _parent;
    private string? _text;

    private ActorPath(ActorPath? parent, string name)
    {
        _parent = parent;
        Name = name;
        Depth = parent is null ? 0 : parent.Depth + 1;
    }

    /// <summary>The root of every tree: <c>/</c>.</summary>
    public static ActorPath Root { get; } = new(null, string.Empty);

    /// <summary>The last element (empty for the root).</summary>
    public string Name { get; }

    /// <summary>The parent path; the root is its own parent, as in Akka.</summary>
    public ActorPath Parent => _parent ?? this;

    /// <summary>Number of elements below the root.</summary>
    public int Depth { get; }

    /// <summary>The path elements from the root down, without the root itself.</summary>
    public IReadOnlyList<string> Elements
    {
        get
        {
            var elements = new string[Depth];
            for (var p = this; p.Depth > 0; p = p.Parent)
            {
                elements[p.Depth - 1] = p.Name;
            }

            return elements;
        }
    }

    /// <summary>Creates the child path <paramref name="name"/> under this path.</summary>
    public ActorPath Child(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new ActorPath(this, name);
    }

    /// <summary>Appends a child element, as in <c>path / "child"</c>.</summary>
    public static ActorPath operator /(ActorPath path, string name) => path.Child(name);

    /// <inheritdoc />
    public bool Equals(ActorPath? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Depth != Depth)
        {
            return false;
        }

        for (ActorPath a = this, b = other; a.Depth > 0; a = a.Parent, b = b.Parent)
        {
            if (ReferenceEquals(a, b))
            {
                return true;
            }

            if (!string.Equals(a.Name, b.Name, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ActorPath other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <inheritdoc />
    public override string ToString()
    {
        if (_text is not null)
        {
            return _text;
        }

        if (Depth == 0)
        {
            return _text = "/";
        }

        var builder = new StringBuilder();
        foreach (var element in Elements)
        {
            builder.Append('/').Append(element);
        }

        return _text = builder.ToString();
    }
}
