using System.Text.Json.Serialization;

namespace ActorWarden.Contracts.Api;

/// <summary>
/// Body of every error response: one line for the operator, plus the names that would have matched
/// when a name was unknown (so `warden restart wbe` can say what exists).
/// </summary>
public sealed record ApiError(
    string Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Known = null);
