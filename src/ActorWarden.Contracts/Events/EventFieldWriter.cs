namespace ActorWarden.Contracts.Events;

/// <summary>
/// Receives the named fields of an <see cref="EventPayload"/>. The typed overloads let a writer that
/// understands them (the JSON writer) take numbers and flags without boxing; every other writer sees
/// them through <see cref="Field(string, object?)"/>, boxed as the same CLR type.
/// </summary>
public abstract class EventFieldWriter
{
    /// <summary>One field; the value is null, a string, a number, a flag or a list of those.</summary>
    public abstract void Field(string name, object? value);

    public virtual void Field(string name, string? value) => Field(name, (object?)value);

    public virtual void Field(string name, int value) => Field(name, (object?)value);

    public virtual void Field(string name, int? value) => Field(name, (object?)value);

    public virtual void Field(string name, long value) => Field(name, (object?)value);

    public virtual void Field(string name, long? value) => Field(name, (object?)value);

    public virtual void Field(string name, bool value) => Field(name, (object?)value);
}
