using ActorWarden.Simulation.Scenarios;
using ActorWarden.Simulation.VirtualTime;
using ActorWarden.Supervision.Hosting;
using Akka.Configuration;
using AkkaConfig = Akka.Configuration.Config;

namespace ActorWarden.Supervision.Tests.Fakes;

/// <summary>
/// Akka.TestKit on the warden's virtual time: the actors under test run only while the test moves the
/// clock (every dispatcher is FIFO on the virtual scheduler), while probes keep Akka.TestKit's
/// calling-thread dispatcher, so whatever the actors sent is already in a probe when the test looks.
/// Expectations therefore wait only briefly in real time: nothing more can arrive without a drive.
/// </summary>
public abstract class VirtualTimeTestKit : Akka.TestKit.Xunit2.TestKit
{
    private static readonly AkkaConfig VirtualConfig = ConfigurationFactory
        .ParseString("akka.test.single-expect-default = 200ms\nakka.loglevel = OFF\n" + VirtualTimeConfig.Hocon(null, WardenAkkaIds.PinnedDispatcher, WardenAkkaIds.FoldingDispatcher))
        .WithFallback(WardenAkkaConfig.Defaults);

    /// <summary>Starts a system named like the warden's on virtual time.</summary>
    protected VirtualTimeTestKit()
        : base(VirtualConfig, WardenVirtualTime.SystemName)
    {
        Time = (VirtualTimeScheduler)Sys.Scheduler;
    }

    /// <summary>The clock the actors under test run on.</summary>
    protected VirtualTimeScheduler Time { get; }

    /// <summary>Runs everything ready now without moving the clock.</summary>
    protected void RunUntilIdle() => Time.RunUntilIdle();

    /// <summary>
    /// Runs everything ready now, including what task continuations post from the thread pool (a probe's
    /// answer piped to its actor), until nothing more arrives for a moment of real time.
    /// </summary>
    protected void RunUntilQuiet()
    {
        do
        {
            Time.RunUntilIdle();
        }
        while (Time.RunQueue.Posted.WaitOne(TimeSpan.FromMilliseconds(100)) || !ThreadPoolProbe.CaughtUp(Time.RunQueue.Posted));
    }

    /// <inheritdoc />
    protected override void AfterAll()
    {
        // Akka's own shutdown runs on the FIFO dispatchers too: drive them while the system terminates.
        var terminated = Sys.Terminate();
        var deadline = Environment.TickCount64 + 10_000;
        while (!terminated.IsCompleted && Environment.TickCount64 < deadline)
        {
            Time.RunUntilIdle();
            terminated.Wait(5);
        }

        base.AfterAll();
    }
}
