using System.Text.Json;
using System.Text.Json.Serialization;
using ActorWarden.Contracts;
using ActorWarden.Contracts.Api;

namespace ActorWarden.ControlPlane.Client;

/// <summary>
/// Compile-time JSON metadata for what the client reads and writes besides the status (which
/// <see cref="WardenStatusReader"/> reads): metadata built by reflection cost a CLI call more than the request itself.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ServiceResponse))]
[JsonSerializable(typeof(ControlResult))]
[JsonSerializable(typeof(OperatorRequest))]
[JsonSerializable(typeof(ApiError))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
