using ActorWarden.Contracts;
using ActorWarden.ControlPlane.Client;

namespace ActorWarden.Cli.Blocking;

/// <summary>
/// Sends start/stop/restart and follows the affected instances through the API until each is in its
/// target state, has failed (Fatal), or the deadline passed. The event stream is opened before the
/// command is sent, so no transition the command causes can be missed; status polls cover commands that
/// cause none. Nothing here changes how the warden supervises: it only watches.
/// </summary>
public static class BlockingCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The command's own result and, when it was accepted, one settled wait per affected instance.</summary>
    public sealed record Result(ControlResult Command, IReadOnlyList<InstanceWait> Instances, TimeSpan Deadline);

    public static async Task<Result> RunAsync(
        WardenApiClient client,
        OperatorVerb verb,
        string target,
        Func<CancellationToken, Task<ControlResult>> send,
        Func<IEnumerable<string>, TimeSpan> deadlineFor,
        CancellationToken cancellationToken)
    {
        using var events = await SubscribeAsync(client, cancellationToken);
        var before = await client.GetStatusAsync(cancellationToken);
        var command = await send(cancellationToken);
        if (command.Kind != ControlOutcome.Ok)
        {
            return new Result(command, Array.Empty<InstanceWait>(), TimeSpan.Zero);
        }

        var waits = command.Affected
            .Select(name => new InstanceWait(name, verb, before.Instances.FirstOrDefault(i => i.Name == name)))
            .ToDictionary(w => w.Name, StringComparer.Ordinal);
        var services = command.Affected
            .Select(name => before.Instances.FirstOrDefault(i => i.Name == name)?.Service ?? name)
            .Distinct(StringComparer.Ordinal);
        var deadline = deadlineFor(services);
        await FollowAsync(client, events, verb, target, waits, deadline, cancellationToken);
        return new Result(command, command.Affected.Select(name => waits[name]).ToList(), deadline);
    }

    /// <summary>The event stream, or null from a warden that has none (older, or a proxy that drops it): status polls then decide alone.</summary>
    private static async Task<WardenEventSubscription?> SubscribeAsync(WardenApiClient client, CancellationToken cancellationToken)
    {
        try
        {
            return await client.SubscribeEventsAsync(cancellationToken);
        }
        catch (WardenApiException ex) when (ex is not WardenUnauthorizedException)
        {
            return null;
        }
    }

    private static async Task FollowAsync(
        WardenApiClient client,
        WardenEventSubscription? events,
        OperatorVerb verb,
        string target,
        Dictionary<string, InstanceWait> waits,
        TimeSpan deadline,
        CancellationToken cancellationToken)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var expired = Task.Delay(deadline, cancellationToken);
        Task<StreamedEvent?>? next = events?.ReadAsync(reading.Token);
        var poll = Task.CompletedTask;
        var commandSeen = false;
        WardenStatus? last = null;
        try
        {
            while (waits.Values.Any(w => w.Outcome == WaitOutcome.Pending))
            {
                var done = await Task.WhenAny(new Task?[] { next, poll, expired }.OfType<Task>());
                if (done == expired)
                {
                    await expired;
                    foreach (var wait in waits.Values)
                    {
                        wait.OnDeadline(last?.Instances.FirstOrDefault(i => i.Name == wait.Name));
                    }

                    return;
                }

                if (done == next)
                {
                    var wardenEvent = await next;
                    if (wardenEvent is null)
                    {
                        next = null;  // The stream ended (the warden is stopping): polls carry on alone.
                        continue;
                    }

                    commandSeen |= IsOurCommand(wardenEvent, verb, target);
                    if (commandSeen && wardenEvent.Instance is { } name && waits.TryGetValue(name, out var instance))
                    {
                        Apply(instance, wardenEvent);
                    }

                    next = events!.ReadAsync(reading.Token);
                    continue;
                }

                await poll;
                last = await client.GetStatusAsync(cancellationToken);
                foreach (var wait in waits.Values)
                {
                    wait.OnStatus(last.Instances.FirstOrDefault(i => i.Name == wait.Name));
                }

                poll = Task.Delay(PollInterval, cancellationToken);
            }
        }
        finally
        {
            await reading.CancelAsync();
            if (next is not null)
            {
                // Observe the abandoned read so its cancellation is not an unobserved task exception.
                await next.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private static bool IsOurCommand(StreamedEvent e, OperatorVerb verb, string target) =>
        e.Event == "command"
        && string.Equals(e.Text("command"), verb.ToString(), StringComparison.OrdinalIgnoreCase)
        && e.Text("target") == target;

    private static void Apply(InstanceWait wait, StreamedEvent e)
    {
        switch (e.Event)
        {
            case "state" when Enum.TryParse<ProcessState>(e.Text("to"), ignoreCase: true, out var to):
                wait.OnTransition(to, e.Text("reason"));
                break;
            case "started" when int.TryParse(e.Text("pid"), out var pid):
                wait.OnSpawned(pid);
                break;
            case "killed":
                wait.OnKilled(e.Text("reason"));
                break;
        }
    }
}
