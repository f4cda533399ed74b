namespace ActorWarden.Hocon;

/// <summary>The JSON data model kinds a resolved value can have, plus <see cref="Unresolved"/> for substitutions not yet resolved.</summary>
public enum HoconValueType
{
    Object,
    Array,
    String,
    Number,
    Boolean,
    Null,
    Unresolved,
}
