using ActorWarden.Processes;
using ActorWarden.Supervision.Events;
using ActorWarden.Config;

namespace ActorWarden.Supervision.Tree.Launch;

/// <summary>
/// Everything needed to spawn one instance, built fresh at each start from the spec: the expanded
/// start spec for the launcher, the expanded health spec, and a display form with secrets masked.
/// Building fails with a <see cref="FormatException"/> naming the setting when the spec cannot be
/// turned into a command line, which the ProcessActor reports as a failed start.
/// </summary>
public sealed record LaunchPlan(ProcessStartSpec StartSpec, HealthSpec Health, string DisplayCommand, IReadOnlyList<string> DisplayArgs)
{
    /// <summary>Plans the next start of <paramref name="instance"/>; <paramref name="notifySocket"/> becomes its $NOTIFY_SOCKET.</summary>
    /// <exception cref="FormatException">A ${NAME} is undefined or the command cannot be found.</exception>
    public static LaunchPlan Build(
        ServiceSpec spec,
        InstanceIdentity instance,
        IReadOnlyDictionary<string, string> wardenEnvironment,
        bool captureOutput,
        Func<string, string?, string?> resolveCommand,
        string? notifySocket = null)
    {
        var env = InstanceEnvironment.Build(spec, instance, wardenEnvironment, notifySocket);
        var args = spec.Args.Select((a, i) => VariableExpander.Expand(a, env, $"services.{spec.Name}.args[{i}]")).ToArray();
        var directory = VariableExpander.Expand(spec.Directory, env, $"services.{spec.Name}.directory");
        env.TryGetValue("PATH", out var searchPath);
        if (string.IsNullOrWhiteSpace(spec.Command))
        {
            throw new FormatException($"services.{spec.Name}.command is empty");
        }

        var fileName = resolveCommand(spec.Command, searchPath)
            ?? throw new FormatException(
                $"services.{spec.Name}.command: '{spec.Command}' was not found"
                + (Path.IsPathRooted(spec.Command) ? string.Empty : $" on PATH ({searchPath ?? "<unset>"})"));
        var health = spec.Health.Type == HealthCheckType.None
            ? spec.Health
            : spec.Health with
            {
                Url = VariableExpander.Expand(spec.Health.Url, env, $"services.{spec.Name}.health.url"),
                Host = VariableExpander.Expand(spec.Health.Host, env, $"services.{spec.Name}.health.host"),
                Port = VariableExpander.Expand(spec.Health.Port, env, $"services.{spec.Name}.health.port"),
                Command = VariableExpander.Expand(spec.Health.Command, env, $"services.{spec.Name}.health.command"),
                Args = spec.Health.Args.Select((a, i) => VariableExpander.Expand(a, env, $"services.{spec.Name}.health.args[{i}]")).ToArray(),
                RunAs = new ExecIdentity(
                    string.IsNullOrEmpty(spec.User) ? null : spec.User,
                    string.IsNullOrEmpty(spec.Group) ? null : spec.Group,
                    string.IsNullOrEmpty(directory) ? null : directory,
                    instance.Name + ".health"),
                Secrets = spec.SecretEnv.Values.ToArray(),
            };
        var start = new ProcessStartSpec
        {
            FileName = fileName,
            Arguments = args,
            WorkingDirectory = string.IsNullOrEmpty(directory) ? null : directory,
            Environment = env,
            User = string.IsNullOrEmpty(spec.User) ? null : spec.User,
            Group = string.IsNullOrEmpty(spec.Group) ? null : spec.Group,
            Nice = spec.Nice,
            Limits = spec.Limits,
            Umask = spec.Umask,
            CaptureOutput = captureOutput,
        };
        var mask = new SecretMask(spec.SecretEnv.Values);
        return new LaunchPlan(start, health, mask.Apply(fileName), mask.Apply(args));
    }
}
