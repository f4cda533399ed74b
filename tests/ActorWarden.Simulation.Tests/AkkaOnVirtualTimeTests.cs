using Akka.Actor;
using Akka.Configuration;
using ActorWarden.Simulation.Tests.Support;
using ActorWarden.Simulation.VirtualTime;

namespace ActorWarden.Simulation.Tests;

/// <summary>Akka.NET's own machinery (start-up, timers, supervision, ask, shutdown) on virtual time.</summary>
public sealed class AkkaOnVirtualTimeTests
{
    [Fact]
    public void The_logger_actors_are_initialised_inside_ActorSystem_Create_instead_of_after_the_5_second_startup_timeout()
    {
        var name = "loggers-" + Guid.NewGuid().ToString("N");
        var loggers = ConfigurationFactory.ParseString(
            $"akka.loggers = [\"{typeof(InitRecordingLogger).FullName}, {typeof(InitRecordingLogger).Assembly.GetName().Name}\"]");

        using var sim = VirtualTimeSystem.Create(name, loggers);

        InitRecordingLogger.WasInitialisedIn(name).Should().BeTrue();
    }

    [Fact]
    public void A_log_event_published_right_after_Create_reaches_the_logger()
    {
        var name = "first-log-" + Guid.NewGuid().ToString("N");
        var loggers = ConfigurationFactory.ParseString(
            $"akka.loggers = [\"{typeof(InitRecordingLogger).FullName}, {typeof(InitRecordingLogger).Assembly.GetName().Name}\"]");

        using var sim = VirtualTimeSystem.Create(name, loggers);
        sim.System.EventStream.Publish(new Akka.Event.Warning("test", typeof(AkkaOnVirtualTimeTests), "first words"));

        InitRecordingLogger.MessagesIn(name).Should().Contain("first words", "the logger is subscribed by the time Create returns, so a run's first log events are not lost");
    }

    [Fact]
    public void IWithTimers_periodic_and_single_timers_fire_on_virtual_time_and_stop_with_a_restart()
    {
        using var sim = VirtualTimeSystem.Create("timers", Quiet.Config);
        var trace = new ActorTrace();
        var ticker = sim.System.ActorOf(Props.Create(() => new Ticker(trace)), "ticker");

        sim.Time.Advance(TimeSpan.FromSeconds(12));
        ticker.Tell("crash");
        sim.Time.Advance(TimeSpan.FromSeconds(11));

        // The first incarnation's timers (tick due at 15 s, none at 14 s) died with it.
        trace.ToString().Should().Be(string.Join(Environment.NewLine,
            "0 ticker started",
            "5000 ticker tick",
            "7000 ticker once",
            "10000 ticker tick",
            "12000 ticker stopped",
            "12000 ticker restarted after boom",
            "17000 ticker tick",
            "19000 ticker once",
            "22000 ticker tick",
            ""));
    }

    [Fact]
    public void The_default_strategy_restarts_a_throwing_child_and_it_keeps_handling_messages()
    {
        using var sim = VirtualTimeSystem.Create("supervision", Quiet.Config);
        var trace = new ActorTrace();
        var parent = sim.System.ActorOf(Props.Create(() => new Parent(trace)), "parent");
        sim.Time.RunUntilIdle();

        parent.Tell("crash");
        parent.Tell("hello");
        parent.Tell("crash");
        parent.Tell("again");
        sim.Time.RunUntilIdle();

        trace.Lines.Should().Equal(
            "child started",
            "child restarted after boom",
            "child got hello",
            "child restarted after boom",
            "child got again");
    }

    [Fact]
    public async Task An_ask_completes_while_the_system_is_driven()
    {
        using var sim = VirtualTimeSystem.Create("ask");
        var echo = sim.System.ActorOf(Props.Create(() => new Replier()), "replier");

        // Akka's ask times out on the real clock: the timeout only bounds how long the caller may take to drive.
        var reply = echo.Ask<string>("ping", TimeSpan.FromMinutes(1));
        reply.IsCompleted.Should().BeFalse("nothing runs until the system is driven");
        sim.Time.RunUntilIdle();

        reply.IsCompletedSuccessfully.Should().BeTrue();
        (await reply).Should().Be("pong at 2020-01-01T00:00:00.0000000+00:00");
    }

    [Fact]
    public void Terminate_drives_the_system_until_Akka_reports_it_terminated()
    {
        var sim = VirtualTimeSystem.Create("terminate", Quiet.Config);
        var trace = new ActorTrace();
        sim.System.ActorOf(Props.Create(() => new Ticker(trace)), "ticker");
        sim.Time.Advance(TimeSpan.FromMinutes(1));

        sim.Terminate();

        sim.System.WhenTerminated.IsCompleted.Should().BeTrue();
        trace.Lines.Should().EndWith("ticker stopped");
        sim.Dispose();
    }

    private sealed class Ticker : ReceiveActor, IWithTimers
    {
        private readonly ActorTrace _trace;

        public Ticker(ActorTrace trace)
        {
            _trace = trace;
            Receive<string>(m => m == "crash", _ => throw new InvalidOperationException("boom"));
            Receive<string>(m => trace.Add(Context, m));
        }

        public ITimerScheduler Timers { get; set; } = null!;

        protected override void PreStart()
        {
            _trace.Add(Context, "started");
            StartTimers();
        }

        protected override void PostRestart(Exception reason)
        {
            _trace.Add(Context, $"restarted after {reason.Message}");
            StartTimers();
        }

        protected override void PostStop() => _trace.Add(Context, "stopped");

        private void StartTimers()
        {
            Timers.StartPeriodicTimer("tick", "tick", TimeSpan.FromSeconds(5));
            Timers.StartSingleTimer("once", "once", TimeSpan.FromSeconds(7));
        }
    }

    private sealed class Parent : ReceiveActor
    {
        public Parent(ActorTrace trace)
        {
            var child = Context.ActorOf(Props.Create(() => new Child(trace)), "child");
            ReceiveAny(m => child.Forward(m));
        }
    }

    private sealed class Child : ReceiveActor
    {
        private readonly ActorTrace _trace;

        public Child(ActorTrace trace)
        {
            _trace = trace;
            Receive<string>(m => m == "crash", _ => throw new InvalidOperationException("boom"));
            Receive<string>(m => trace.Add(Context, $"got {m}"));
        }

        protected override void PreStart() => _trace.Add(Context, "started");

        protected override void PostRestart(Exception reason) => _trace.Add(Context, $"restarted after {reason.Message}");
    }

    private sealed class Replier : ReceiveActor
    {
        public Replier() => Receive<string>(_ => Sender.Tell($"pong at {Context.System.Scheduler.Now:O}"));
    }
}
