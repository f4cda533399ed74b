using System.Reflection;
using ActorWarden.Hocon;
using HoconConfig = ActorWarden.Hocon.Config;

namespace ActorWarden.Config;

/// <summary>
/// The one way config enters the warden: parse the user's HOCON file, put it over the shipped
/// reference.conf (as Akka does), resolve, reject unknown keys, bind into typed records. Used by
/// `warden run`, `validate`, `config print --effective` and live reload, so all four agree.
/// </summary>
public static class WardenConfigLoader
{
    private const string ReferenceResource = "ActorWarden.reference.conf";

    /// <summary>Loads and validates <paramref name="path"/>; throws <see cref="WardenConfigException"/> listing every problem.</summary>
    public static WardenSettings Load(string path, bool useEnvironment = true)
    {
        var check = Check(path, useEnvironment);
        if (!check.IsValid)
        {
            throw new WardenConfigException(check.Errors);
        }

        return check.Settings!;
    }

    /// <summary>
    /// Everything <see cref="Load"/> would refuse, plus warnings about what it accepts but will not work
    /// as meant (a program that is not there, a service written twice): what `warden validate` prints.
    /// </summary>
    public static ConfigCheck Check(string path, bool useEnvironment = true)
    {
        var warnings = new List<ConfigError>();
        var (merged, errors) = LoadMerged(path, useEnvironment, warnings);
        if (merged is null)
        {
            return new ConfigCheck(null, errors, warnings);
        }

        var settings = SettingsBinder.Bind(merged, path, errors);
        ProgramChecks.Check(settings, merged, warnings);

        return new ConfigCheck(errors.Count == 0 ? settings : null, errors, warnings);
    }

    /// <summary>The resolved user file over reference.conf — what `config print --effective` shows.</summary>
    public static HoconConfig LoadEffective(string path, bool useEnvironment = true)
    {
        var (merged, errors) = LoadMerged(path, useEnvironment, new List<ConfigError>());
        if (merged is null || errors.Count > 0)
        {
            throw new WardenConfigException(errors);
        }

        return merged;
    }

    /// <summary>The shipped defaults, embedded in this assembly so a single-file binary needs nothing beside it.</summary>
    public static HoconConfig Reference()
    {
        using var stream = typeof(WardenConfigLoader).Assembly.GetManifestResourceStream(ReferenceResource)
            ?? throw new InvalidOperationException($"resource {ReferenceResource} is missing from {typeof(WardenConfigLoader).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return HoconParser.ParseString(reader.ReadToEnd(), "reference.conf", new HoconParseOptions { Resolve = false });
    }

    private static (HoconConfig? Merged, List<ConfigError> Errors) LoadMerged(string path, bool useEnvironment, List<ConfigError> warnings)
    {
        var errors = new List<ConfigError>();
        if (!File.Exists(path))
        {
            errors.Add(new ConfigError(null, "", $"config file '{path}' does not exist"));
            return (null, errors);
        }

        try
        {
            // Includes stay inside the config's folder, so whoever controls that folder controls all the
            // warden runs: an include of ../anything is refused at the include, with its place.
            var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
            var options = new HoconParseOptions { Resolve = false, UseEnvironment = useEnvironment, IncludeRoot = folder, WorkingDirectory = folder };
            var user = HoconParser.ParseFile(path, options);
            var reference = Reference();
            SchemaChecker.Check(user.Root, reference.Root, errors, warnings);
            var merged = user.WithFallback(reference).Resolve();
            return (merged, errors);
        }
        catch (HoconException ex)
        {
            errors.Add(new ConfigError(ex.Origin, "", ex.Detail));
            return (null, errors);
        }
    }
}
