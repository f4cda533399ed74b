using Akka.Actor;
using ActorWarden.Supervision.Hosting;

namespace ActorWarden.Supervision.Logs;

/// <summary>
/// Awaitable waits and deadlines on the actor system's scheduler, for the few background tasks (syslog backoff,
/// connect timeouts) that live outside actors: time still comes from the one clock, so simulations on
/// virtual time see the same behaviour and no stray OS timer is created per wait.
/// </summary>
internal static class SchedulerDelay
{
    public static async Task WaitAsync(IScheduler scheduler, TimeSpan delay, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var timer = scheduler.Advanced.ScheduleOnceCancelable(delay, () => done.TrySetResult());
        await using (cancellationToken.Register(() => done.TrySetCanceled(cancellationToken)))
        {
            try
            {
                await done.Task.ConfigureAwait(false);
            }
            finally
            {
                timer.Cancel();
            }
        }
    }

    /// <summary>A token source linked to <paramref name="outer"/> that the scheduler cancels after <paramref name="timeout"/>.</summary>
    public static Deadline After(IScheduler scheduler, TimeSpan timeout, CancellationToken outer) => new(scheduler, timeout, outer);

    /// <summary>A scheduler-driven cancellation deadline; dispose it when the guarded work is done.</summary>
    internal sealed class Deadline : IDisposable
    {
        private readonly CancellationTokenSource _source;
        private readonly ICancelable _timer;

        public Deadline(IScheduler scheduler, TimeSpan timeout, CancellationToken outer)
        {
            _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
            var source = _source;
            _timer = scheduler.Advanced.ScheduleOnceCancelable(timeout, () =>
            {
                try
                {
                    source.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The guarded work finished while the timer fired; nothing left to cancel.
                }
            });
        }

        public CancellationToken Token => _source.Token;

        public bool Expired => _source.IsCancellationRequested;

        public void Dispose()
        {
            _timer.Cancel();
            _source.Dispose();
        }
    }
}
