using System.Text;
using ActorWarden.Actors.Tests.Support;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace ActorWarden.Actors.Tests;

/// <summary>The deterministic dispatcher: reproducible runs and fast virtual days.</summary>
public sealed class DeterministicDispatcherTests
{
    [Fact]
    public void The_same_simulation_run_twice_produces_an_identical_trace()
    {
        var first = RunSimulation(seed: 42);
        var second = RunSimulation(seed: 42);

        first.Should().NotBeEmpty();
        first.Should().Be(second);
        first.Should().Contain("decided Restart").And.Contain("restarted");
    }

    [Fact]
    public void Different_input_gives_a_different_trace()
    {
        RunSimulation(seed: 1).Should().NotBe(RunSimulation(seed: 2));
    }

    [Fact]
    public void A_day_of_virtual_time_for_100_actors_with_10_second_timers_delivers_every_tick_without_real_waiting()
    {
        var scheduler = new VirtualTimeScheduler();
        var system = ActorSystem.Create("day", new ActorSystemSettings { Scheduler = scheduler, Dispatcher = DispatcherMode.Deterministic, Logger = Logger.None });
        var counters = Enumerable.Range(0, 100)
            .Select(i => system.ActorOf(Props.Create(() => new TickingActor(TimeSpan.FromSeconds(10))), $"service-{i}"))
            .ToArray();
        scheduler.RunUntilIdle();

        var cpuBefore = ThreadCpuClock.Now();
        scheduler.Advance(TimeSpan.FromDays(1));
        var cpu = ThreadCpuClock.Now() - cpuBefore;

        var ticks = counters.Sum(c => c.Ask<int>(new GetCount(), TimeSpan.FromSeconds(1)).AsTaskAfter(scheduler));
        ticks.Should().Be(100 * 8640);
        // A regression guard, not the performance bar (that is measured in benchmarks/, about 0.3-0.5 s of
        // CPU on a quiet machine): a scheduler that waited in real time would take a day.
        cpu.Should().BeLessThan(TimeSpan.FromSeconds(10), "864,000 timer deliveries run on virtual time, without real waiting");
        system.Terminate().IsCompleted.Should().BeTrue();
    }

    [Fact]
    public void Async_handlers_whose_tasks_complete_synchronously_just_work()
    {
        var scheduler = new VirtualTimeScheduler();
        var system = ActorSystem.Create("sync-async", new ActorSystemSettings { Scheduler = scheduler, Dispatcher = DispatcherMode.Deterministic, Logger = Logger.None });
        var log = new CollectingRef();
        var actor = system.ActorOf(Props.Create(() => new SyncAsyncActor(log)));

        actor.Tell("one");
        actor.Tell("two");
        scheduler.RunUntilIdle();

        log.Messages.Should().Equal("handled one", "handled two");
        system.Terminate().IsCompleted.Should().BeTrue();
    }

    [Fact]
    public void Nothing_runs_until_the_scheduler_is_driven()
    {
        var scheduler = new VirtualTimeScheduler();
        var system = ActorSystem.Create("lazy", new ActorSystemSettings { Scheduler = scheduler, Dispatcher = DispatcherMode.Deterministic, Logger = Logger.None });
        var log = new CollectingRef();
        system.ActorOf(LifecycleActor.Props(log, "lazy"));

        log.Messages.Should().BeEmpty();
        scheduler.RunUntilIdle();

        log.Messages.Should().Equal(new LifecycleEvent("lazy", "PreStart"));
        system.Terminate().IsCompleted.Should().BeTrue();
    }

    private static string RunSimulation(int seed)
    {
        var trace = new StringBuilder();
        var sink = new TraceSink(trace);
        var logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(sink).CreateLogger();
        var scheduler = new VirtualTimeScheduler();
        var system = ActorSystem.Create("sim", new ActorSystemSettings { Scheduler = scheduler, Dispatcher = DispatcherMode.Deterministic, Logger = logger });
        var random = new Random(seed);
        var strategy = new OneForOneStrategy(3, TimeSpan.FromMinutes(1), _ => Directive.Restart);
        var group = system.ActorOf(SupervisorActor.Props(strategy, new TraceRef(trace, scheduler), "group"), "group");
        var services = new List<IActorRef>();
        for (var i = 0; i < 10; i++)
        {
            var props = Props.Create(() => new LifecycleActor(new TraceRef(trace, scheduler), $"svc-{i}"));
            services.Add(group.Ask<IActorRef>(new CreateChild(props, $"svc-{i}"), TimeSpan.FromSeconds(1)).AsTaskAfter(scheduler));
        }

        for (var step = 0; step < 200; step++)
        {
            var target = services[random.Next(services.Count)];
            if (random.Next(10) == 0)
            {
                target.Tell(new Throw(new TestFailure($"fault at step {step}")));
            }
            else
            {
                target.Tell(new Ping(step));
            }

            scheduler.Advance(TimeSpan.FromSeconds(random.Next(1, 20)));
        }

        system.Terminate();
        trace.Append("restarted=").Append(trace.ToString().Contains("PostRestart") ? "restarted" : "none");
        return trace.ToString();
    }

    private sealed class TraceSink(StringBuilder trace) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) =>
            trace.Append(logEvent.Level).Append(' ').Append(logEvent.Properties.GetValueOrDefault("ActorPath")).Append(' ').AppendLine(logEvent.RenderMessage());
    }

    private sealed class TraceRef(StringBuilder trace, VirtualTimeScheduler scheduler) : IActorRef
    {
        public ActorPath Path { get; } = ActorPath.Root / "trace";

        public void Tell(object message, IActorRef? sender = null) =>
            trace.Append(scheduler.Monotonic.TotalSeconds).Append(' ').Append(sender?.Path).Append(' ').AppendLine(message.ToString());

        public bool Equals(IActorRef? other) => ReferenceEquals(this, other);

        public int CompareTo(IActorRef? other) => 0;
    }

    private sealed class TickingActor : ReceiveActor
    {
        private int _ticks;

        public TickingActor(TimeSpan interval)
        {
            Receive<string>(_ => _ticks++);
            Receive<GetCount>(_ => Sender.Tell(_ticks));
            Context.System.Scheduler.ScheduleTellRepeatedly(interval, interval, Self, "tick", Self);
        }
    }

    private sealed class SyncAsyncActor : ReceiveActor
    {
        public SyncAsyncActor(IActorRef log)
        {
            ReceiveAsync<string>(s =>
            {
                log.Tell($"handled {s}");
                return Task.CompletedTask;
            });
        }
    }
}

/// <summary>Helpers for asking under the deterministic dispatcher, where replies only come while the scheduler runs.</summary>
internal static class DeterministicAsk
{
    public static T AsTaskAfter<T>(this Task<T> ask, VirtualTimeScheduler scheduler)
    {
        scheduler.RunUntilIdle();
        ask.IsCompleted.Should().BeTrue("the reply is produced while the scheduler runs");
        return ask.Result;
    }
}
