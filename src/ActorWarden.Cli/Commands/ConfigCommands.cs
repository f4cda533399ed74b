using System.CommandLine;
using ActorWarden.Cli.Output;
using ActorWarden.Config;
using ActorWarden.ControlPlane.Client;
using ActorWarden.ControlPlane.Client.Output;
using ActorWarden.Hocon;

namespace ActorWarden.Cli.Commands;

/// <summary>
/// `warden config print` and `warden validate`: the two ways to look at a config before it runs.
/// `--json` prints exactly the file's own resolved tree (no reference.conf, no schema), so any HOCON
/// file can be compared with another implementation; `--effective` prints what the warden would use.
/// </summary>
public static class ConfigCommands
{
    public static Command CreateConfig()
    {
        var file = new Argument<string>("FILE") { Description = "HOCON file to print" };
        var json = new Option<bool>("--json") { Description = "print FILE's own resolved tree as JSON (no defaults, no schema check)" };
        var effective = new Option<bool>("--effective") { Description = "print the warden configuration with every default from reference.conf applied" };
        var noEnv = new Option<bool>("--no-env") { Description = "do not fall back to environment variables for ${X} substitutions" };
        var print = new Command("print", "Print a config file as resolved JSON") { file, json, effective, noEnv };
        print.SetAction(parse => Print(parse.GetValue(file)!, parse.GetValue(effective), !parse.GetValue(noEnv)));
        return new Command("config", "Inspect configuration files") { print };
    }

    public static Command CreateValidate()
    {
        var file = new Argument<string?>("FILE") { Description = "config file (default: $WARDEN_CONFIG or config/warden.conf)", Arity = ArgumentArity.ZeroOrOne };
        var validate = new Command("validate", "Check a config file: HOCON syntax, types and units, the warden schema, names, programs and folders") { file };
        validate.SetAction(parse => Validate(CliOptions.ResolveConfig(parse, parse.GetValue(file))));
        return validate;
    }

    private static int Print(string path, bool effective, bool useEnvironment)
    {
        try
        {
            string text;
            if (effective)
            {
                text = WardenConfigLoader.LoadEffective(path, useEnvironment).ToJson(pretty: true);
            }
            else
            {
                if (!File.Exists(path))
                {
                    return Stderr.Fail(ExitCodes.Usage, $"{path}: no such file");
                }

                text = HoconParser.ParseFile(path, new HoconParseOptions { UseEnvironment = useEnvironment }).ToJson(pretty: true);
            }

            Console.Out.WriteLine(SecretMasker.MaskJson(text));
            return ExitCodes.Ok;
        }
        catch (HoconException ex)
        {
            return Stderr.Fail(ExitCodes.Usage, ex.Message);
        }
        catch (WardenConfigException ex)
        {
            return Stderr.Fail(ExitCodes.Usage, ex.Message);
        }
    }

    private static int Validate(string path)
    {
        var check = WardenConfigLoader.Check(path);
        foreach (var error in check.Errors)
        {
            Console.Error.WriteLine(error.ToString());
        }

        foreach (var warning in check.Warnings)
        {
            Console.Error.WriteLine(warning.Format("warning"));
        }

        if (!check.IsValid)
        {
            return ExitCodes.Usage;
        }

        var settings = check.Settings!;
        if (ControlPlaneSettings.Problem(settings, path) is { } problem)
        {
            Console.Error.WriteLine(problem);
            return ExitCodes.Usage;
        }

        var instances = settings.Services.Sum(s => s.Instances);
        var warnings = check.Warnings.Count == 0 ? "" : ", " + Plural.Of(check.Warnings.Count, "warning");
        Console.Out.WriteLine($"{path}: ok ({Plural.Of(settings.Services.Count, "service")}, {Plural.Of(instances, "instance")}, {Plural.Of(settings.Groups.Count, "group")}{warnings})");
        return ExitCodes.Ok;
    }
}
