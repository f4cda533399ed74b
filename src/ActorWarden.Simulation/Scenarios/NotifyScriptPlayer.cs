using System.Globalization;
using Akka.Actor;
using ActorWarden.Supervision.Hosting;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// Plays one simulated process's <see cref="NotifyScript"/> on the virtual scheduler: READY=1 once,
/// WATCHDOG=1 every interval outside the scripted stop windows, each only while the process lives.
/// </summary>
internal static class NotifyScriptPlayer
{
    public static void Play(SimulatedProcess process, IScheduler scheduler, SimulatedNotifyChannels channels, IReadOnlyDictionary<string, string> environment, NotifyScript? script)
    {
        if (!environment.TryGetValue("NOTIFY_SOCKET", out var address))
        {
            return;
        }

        var readyAfter = script?.ReadyAfter ?? TimeSpan.Zero;
        if (readyAfter != NotifyScript.ReadyNever)
        {
            scheduler.Advanced.ScheduleOnce(readyAfter, () => SendIfAlive(process, channels, address, "READY=1"));
        }

        if (environment.TryGetValue("WATCHDOG_USEC", out var usecText)
            && long.TryParse(usecText, NumberStyles.None, CultureInfo.InvariantCulture, out var usec) && usec > 0)
        {
            var every = script?.WatchdogEvery ?? TimeSpan.FromTicks(usec * TimeSpan.TicksPerMicrosecond / 2);
            var stops = script?.WatchdogStops ?? Array.Empty<TimeWindow>();
            Beat(process, scheduler, channels, address, every, stops);
        }
    }

    private static void Beat(SimulatedProcess process, IScheduler scheduler, SimulatedNotifyChannels channels, string address, TimeSpan every, IReadOnlyList<TimeWindow> stops)
    {
        scheduler.Advanced.ScheduleOnce(every, () =>
        {
            if (process.Exited.IsCompleted)
            {
                return;
            }

            var now = scheduler.Monotonic;
            if (!stops.Any(w => w.Contains(now)))
            {
                channels.Send(address, process.Pid, "WATCHDOG=1");
            }

            Beat(process, scheduler, channels, address, every, stops);
        });
    }

    private static void SendIfAlive(SimulatedProcess process, SimulatedNotifyChannels channels, string address, string payload)
    {
        if (!process.Exited.IsCompleted)
        {
            channels.Send(address, process.Pid, payload);
        }
    }
}
