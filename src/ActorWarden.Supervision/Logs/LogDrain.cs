using Akka.Actor;
using ActorWarden.Supervision.Logs.Syslog;

namespace ActorWarden.Supervision.Logs;

/// <summary>
/// What is left to do once a <see cref="LogShipperActor"/> has stopped: let its pumps read their pipes
/// to EOF, then let the writers mark any open hole and close the files, then give syslog a bounded time to send
/// what is queued. One async method on its own task, holding no actor state: the actor has no
/// mailbox any more to hear about it, and nothing here decides anything for the domain.
/// </summary>
internal static class LogDrain
{
    public static async Task RunAsync(IReadOnlyList<Task> pumps, LogStreamWriter stdout, LogStreamWriter stderr, SyslogShipper? syslog, IScheduler scheduler, TimeSpan syslogTimeout)
    {
        await Task.WhenAll(pumps).ConfigureAwait(false);
        await Task.WhenAll(stdout.CloseAsync(), stderr.CloseAsync()).ConfigureAwait(false);
        if (syslog is null)
        {
            return;
        }

        syslog.Complete();
        using var sent = new CancellationTokenSource();
        var timeout = SchedulerDelay.WaitAsync(scheduler, syslogTimeout, sent.Token);
        await Task.WhenAny(syslog.Completion, timeout).ConfigureAwait(false);
        await sent.CancelAsync().ConfigureAwait(false);
        syslog.Abort();
    }
}
