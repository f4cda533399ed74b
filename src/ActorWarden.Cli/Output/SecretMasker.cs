using System.Text.Json.Nodes;

namespace ActorWarden.Cli.Output;

/// <summary>
/// Masks secret values (service secret-env entries and the control token) in printed configs, because
/// `config print` output ends up in tickets and chat logs.
/// </summary>
public static class SecretMasker
{
    public const string Mask = "****";

    /// <summary>Returns the JSON with secrets masked; unchanged text when there is nothing to mask.</summary>
    public static string MaskJson(string json)
    {
        var root = JsonNode.Parse(json);
        if (root?["warden"] is not JsonObject warden)
        {
            return json;
        }

        var changed = false;
        if (warden["services"] is JsonObject services)
        {
            foreach (var (_, service) in services)
            {
                changed |= MaskAll(service?["secret-env"] as JsonObject);
            }
        }

        changed |= MaskAll(warden["service-defaults"]?["secret-env"] as JsonObject);
        if (warden["control"]?["http"] is JsonObject http && http["token"] is JsonValue token && token.ToString().Length > 0)
        {
            http["token"] = Mask;
            changed = true;
        }

        return changed ? root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) : json;
    }

    private static bool MaskAll(JsonObject? map)
    {
        if (map is null || map.Count == 0)
        {
            return false;
        }

        foreach (var key in map.Select(p => p.Key).ToList())
        {
            map[key] = Mask;
        }

        return true;
    }
}
