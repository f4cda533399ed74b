using System.Text.Json;
using System.Text.Json.Serialization;
using ActorWarden.Contracts;
using ActorWarden.Contracts.Api;

namespace ActorWarden.ControlPlane.Http;

/// <summary>
/// Compile-time JSON metadata for the API's hot answers (status, commands). Built by reflection, the
/// metadata of the status types cost more than the request itself; <see cref="ControlPlaneJson"/>
/// consults this first and falls back to reflection for the rest.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WardenStatus))]
[JsonSerializable(typeof(ServiceResponse))]
[JsonSerializable(typeof(ControlResult))]
[JsonSerializable(typeof(OperatorRequest))]
[JsonSerializable(typeof(ApiError))]
internal sealed partial class ControlPlaneJsonContext : JsonSerializerContext;
