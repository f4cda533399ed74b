using System.Text.Json;
using System.Text.Json.Serialization;
using ActorWarden.Supervision.Control;

namespace ActorWarden.ControlPlane.Http;

/// <summary>
/// Compile-time JSON metadata for what the CLI reads and writes on every call. Built by reflection,
/// the metadata of the status types cost the `warden status` process more than the request itself;
/// <see cref="ControlPlaneJson"/> consults this first and falls back to reflection for the rest.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WardenStatus))]
[JsonSerializable(typeof(ServiceResponse))]
[JsonSerializable(typeof(ControlResult))]
[JsonSerializable(typeof(OperatorRequest))]
[JsonSerializable(typeof(ApiError))]
internal sealed partial class ControlPlaneJsonContext : JsonSerializerContext;
