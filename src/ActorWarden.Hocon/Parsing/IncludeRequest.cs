namespace ActorWarden.Hocon.Parsing;

/// <summary>One <c>include</c> statement as written: name, form, whether it is required, and where it stands.</summary>
internal sealed record IncludeRequest(string Name, IncludeKind Kind, bool Required, HoconOrigin Origin);
