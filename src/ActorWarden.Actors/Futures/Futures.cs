namespace ActorWarden.Actors;

/// <summary>
/// Request/response and stop-and-wait on top of fire-and-forget messaging, named as in Akka.NET. Both are
/// for code outside actors (hosts, the control plane, tests); inside an actor prefer plain messages.
/// </summary>
public static class Futures
{
    /// <summary>
    /// Sends <paramref name="message"/> with a temporary reply-to reference and completes with the first reply.
    /// No reply within <paramref name="timeout"/> faults with <see cref="AskTimeoutException"/> naming the target
    /// path; a <see cref="Status.Failure"/> reply faults with its cause; a reply of another type faults with
    /// <see cref="InvalidCastException"/>.
    /// </summary>
    public static Task<T> Ask<T>(this IActorRef target, object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, $"Ask to {target.Path} needs a positive timeout.");
        }

        if (target is not InternalActorRef { } internalTarget || SystemOf(target) is not { } system)
        {
            return Task.FromException<T>(new AskTimeoutException($"Ask to {target.Path} failed: the recipient is not a live actor of an actor system."));
        }

        if (internalTarget.IsTerminated)
        {
            return Task.FromException<T>(new AskTimeoutException($"Ask to {target.Path} failed: the recipient had already been terminated."));
        }

        var promise = new AskPromise<T>(system, target);
        var timer = system.Scheduler.ScheduleOnce(timeout, () => promise.Fail(new AskTimeoutException(
            $"Ask timed out on [{target.Path}] after {timeout.TotalMilliseconds:0} ms (message {message.GetType().Name}).")));
        CancellationTokenRegistration registration = default;
        if (cancellationToken.CanBeCanceled)
        {
            registration = cancellationToken.Register(() => promise.Cancel(cancellationToken));
        }

        promise.Task.ContinueWith(
            static (_, state) =>
            {
                var (t, r) = ((ICancelable, CancellationTokenRegistration))state!;
                t.Cancel();
                r.Dispose();
            },
            (timer, registration),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        target.Tell(message, promise);
        return promise.Task;
    }

    /// <summary>
    /// Sends <see cref="PoisonPill"/> and completes with true when the target has terminated (after the
    /// messages queued before the pill), or false when it did not within <paramref name="timeout"/>.
    /// </summary>
    public static Task<bool> GracefulStop(this IActorRef target, TimeSpan timeout) => GracefulStop(target, timeout, PoisonPill.Instance);

    /// <summary>As <see cref="GracefulStop(IActorRef, TimeSpan)"/> with a custom stop message the target handles by stopping itself.</summary>
    public static Task<bool> GracefulStop(this IActorRef target, TimeSpan timeout, object stopMessage)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(stopMessage);
        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, $"GracefulStop of {target.Path} needs a positive timeout.");
        }

        if (target is not InternalActorRef internalTarget || SystemOf(target) is not { } system)
        {
            return Task.FromResult(true);
        }

        var promise = new StopPromise(system);
        var timer = system.Scheduler.ScheduleOnce(timeout, promise.TimedOut);
        promise.Task.ContinueWith(static (_, t) => ((ICancelable)t!).Cancel(), timer, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        internalTarget.SendSystemMessage(new WatchRequest(internalTarget, promise));
        target.Tell(stopMessage);
        return promise.Task;
    }

    private static ActorSystem? SystemOf(IActorRef target) => target is LocalActorRef local ? local.Cell.System : null;
}
