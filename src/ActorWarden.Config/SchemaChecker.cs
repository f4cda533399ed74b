using ActorWarden.Hocon;

namespace ActorWarden.Config;

/// <summary>
/// Rejects keys the warden does not know, comparing the user's tree with reference.conf (services
/// against service-defaults, groups against group-defaults), because a misspelt key silently
/// ignored is how a restart policy ends up not being the one that was deployed. Also warns about a
/// service or group written twice in one file: HOCON merges the two silently, so the later one's
/// values replace the earlier one's (supervisord refuses a duplicate [program:x] section outright).
/// The top-level `akka` section is Akka's (rendered by AkkaSection and handed over by Supervision's AkkaConfigBridge): only its shape is
/// checked, not its keys.
/// </summary>
internal static class SchemaChecker
{
    /// <summary>Objects whose keys are the user's own names, not schema keys.</summary>
    private static readonly HashSet<string> FreeFormMaps = new(StringComparer.Ordinal)
    {
        "env", "secret-env", "secret-env-files", "exit-codes",
    };

    public static void Check(HoconObject user, HoconObject reference, List<ConfigError> errors, List<ConfigError> warnings)
    {
        if (user.TryGetValue("akka", out var akka) && akka is HoconString or HoconNumber or HoconBoolean or HoconArray)
        {
            errors.Add(new ConfigError(akka.Origin, "akka", "expected an object of Akka settings"));
        }

        if (!user.TryGetValue("warden", out var wardenValue) || wardenValue is not HoconObject warden)
        {
            if (user.TryGetValue("warden", out var notObject))
            {
                errors.Add(new ConfigError(notObject.Origin, "warden", "expected an object"));
            }

            return;
        }

        var referenceWarden = (HoconObject)reference["warden"];
        var serviceDefaults = (HoconObject)referenceWarden["service-defaults"];
        var groupDefaults = (HoconObject)referenceWarden["group-defaults"];

        foreach (var key in warden.Keys)
        {
            var value = warden[key];
            switch (key)
            {
                case "services":
                    CheckNamedEntries(value, "services", serviceDefaults, errors, warnings);
                    break;
                case "groups":
                    CheckNamedEntries(value, "groups", groupDefaults, errors, warnings);
                    break;
                default:
                    CheckKey(key, value, warden.KeyOrigin(key), referenceWarden, "", errors);
                    break;
            }
        }
    }

    private static void CheckNamedEntries(HoconValue value, string section, HoconObject template, List<ConfigError> errors, List<ConfigError> warnings)
    {
        if (value is not HoconObject entries)
        {
            errors.Add(new ConfigError(value.Origin, section, "expected an object of named entries"));
            return;
        }

        foreach (var name in entries.Keys)
        {
            var entry = entries[name];
            var path = section + "." + name;
            WarnIfWrittenTwice(entries, name, section, path, warnings);
            if (entry is not HoconObject body)
            {
                errors.Add(new ConfigError(entry.Origin, path, "expected an object"));
                continue;
            }

            foreach (var key in body.Keys)
            {
                CheckKey(key, body[key], body.KeyOrigin(key), template, path, errors);
            }
        }
    }

    private static void WarnIfWrittenTwice(HoconObject entries, string name, string section, string path, List<ConfigError> warnings)
    {
        foreach (var sameFile in entries.KeyOrigins(name).GroupBy(o => o.File, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var places = sameFile.ToList();
            var kind = section == "services" ? "service" : "group";
            var earlier = string.Join(", ", places.Take(places.Count - 1).Select(o => $"line {o.Line}:{o.Column}"));
            warnings.Add(new ConfigError(
                places[^1],
                path,
                $"{kind} `{name}` is defined {places.Count} times in this file (also at {earlier}); HOCON merges the definitions and the later values replace the earlier ones: keep one definition"));
        }
    }

    private static void CheckKey(string key, HoconValue value, HoconOrigin keyOrigin, HoconObject template, string parentPath, List<ConfigError> errors)
    {
        var path = parentPath.Length == 0 ? key : parentPath + "." + key;
        if (!template.TryGetValue(key, out var expected))
        {
            var hint = NearestKey.Find(key, template.Keys);
            var message = hint is null
                ? $"unknown key `{key}`; valid keys here: {string.Join(", ", template.Keys)}"
                : $"unknown key `{key}`; did you mean `{hint}`?";
            errors.Add(new ConfigError(keyOrigin, path, message));
            return;
        }

        if (FreeFormMaps.Contains(key) || expected is not HoconObject expectedObject)
        {
            return;
        }

        if (value is not HoconObject actual)
        {
            if (value is not HoconNull)
            {
                errors.Add(new ConfigError(value.Origin, path, $"expected an object, found {Describe(value)}"));
            }

            return;
        }

        foreach (var child in actual.Keys)
        {
            CheckKey(child, actual[child], actual.KeyOrigin(child), expectedObject, path, errors);
        }
    }

    private static string Describe(HoconValue value) => value switch
    {
        HoconArray => "a list",
        HoconString s => $"\"{s.Value}\"",
        _ => value.ToString() ?? "a value",
    };
}
