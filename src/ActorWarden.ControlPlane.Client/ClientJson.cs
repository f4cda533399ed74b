using System.Text.Json;
using ActorWarden.Contracts.Api;

namespace ActorWarden.ControlPlane.Client;

/// <summary>The client's side of <see cref="ApiJson"/>: the API's shape over <see cref="ClientJsonContext"/> alone, no reflection.</summary>
public static class ClientJson
{
    public static JsonSerializerOptions Options { get; } = ApiJson.Create(ClientJsonContext.Default);
}
