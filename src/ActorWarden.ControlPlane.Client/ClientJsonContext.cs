using System.Text.Json;
using System.Text.Json.Serialization;
using ActorWarden.Contracts;
using ActorWarden.Contracts.Api;

namespace ActorWarden.ControlPlane.Client;

/// <summary>
/// Compile-time JSON metadata for everything the client reads and writes. A `warden status` process
/// lives for tens of milliseconds: metadata built by reflection cost it more than the request itself.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WardenStatus))]
[JsonSerializable(typeof(ServiceResponse))]
[JsonSerializable(typeof(ControlResult))]
[JsonSerializable(typeof(OperatorRequest))]
[JsonSerializable(typeof(ApiError))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
