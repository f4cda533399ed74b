using ActorWarden.Config;
using ActorWarden.Processes;
using ActorWarden.Supervision.Tree.Actors;
using ActorWarden.Supervision.Tree.Launch;
using ActorWarden.Supervision.Tree.Messages;
using Akka.Actor;

namespace ActorWarden.Supervision.Runtime;

/// <summary>
/// <c>warden signal</c> and <c>warden reload NAME</c>: each instance the target names gets the message
/// at its actor path and answers for itself (only it knows its process), and the answers become one
/// <see cref="ControlResult"/>.
/// </summary>
public sealed partial class Warden
{
    /// <summary>How long a signal waits for an instance's answer; an instance whose group is parked has no actor to answer.</summary>
    private static readonly TimeSpan SignalAnswerTimeout = TimeSpan.FromSeconds(3);

    /// <inheritdoc />
    public Task<ControlResult> SignalAsync(string target, string signal, bool group, CancellationToken cancellationToken = default)
    {
        if (SignalNames.TryParse(signal, out var error) is not { } parsed)
        {
            return Task.FromResult(ControlResult.Invalid(error));
        }

        return AskInstancesAsync(target, new SignalInstance(parsed, group), _ => SignalAnswerTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ControlResult> ReloadServiceAsync(string target, CancellationToken cancellationToken = default) =>
        AskInstancesAsync(target, ReloadInstance.Instance, spec => spec.Hooks.Timeout + SignalAnswerTimeout, cancellationToken);

    private async Task<ControlResult> AskInstancesAsync(
        string target,
        object message,
        Func<ServiceSpec, TimeSpan> timeoutOf,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(target))
        {
            return ControlResult.Invalid("a target is required: a service, a group, an instance or 'all'");
        }

        var layout = Volatile.Read(ref _layout);
        if (TargetResolver.Resolve(layout, target.Trim()) is not { } resolved)
        {
            return ControlResult.NotFound($"no service, group or instance named '{target}' (try `warden status`)");
        }

        var system = _system ?? throw new InvalidOperationException("the warden has not started");
        var answers = await Task.WhenAll(resolved.Instances.Select(instance =>
            AskOneAsync(system, instance, message, timeoutOf(layout.Service(instance.Service)), cancellationToken))).ConfigureAwait(false);
        var affected = answers.Where(a => a.Ok).Select(a => a.Instance).ToArray();
        var text = string.Join(Environment.NewLine, answers.Select(a => a.Message));
        if (answers.Length == 0)
        {
            return ControlResult.Failed($"'{target}' has no instances");
        }

        return answers.All(a => a.Ok)
            ? ControlResult.Ok(text, affected)
            : ControlResult.Failed(text);
    }

    private static async Task<InstanceReply> AskOneAsync(ActorSystem system, InstanceIdentity instance, object message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await system.ActorSelection(instance.Path).Ask<InstanceReply>(message, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return new InstanceReply(instance.Name, false, $"{instance.Name} did not answer within {timeout.TotalSeconds:0.#} s (its group may be parked after a give-up; see `warden status`)");
        }
    }
}
