using Akka.Actor;
using ActorWarden.Simulation.Tests.Support;
using ActorWarden.Simulation.VirtualTime;

namespace ActorWarden.Simulation.Tests;

/// <summary>The FIFO dispatcher: actors run only while virtual time is driven, on the driving thread, in send order.</summary>
public sealed class FifoDispatcherTests
{
    [Fact]
    public void Nothing_runs_until_the_scheduler_is_driven()
    {
        using var sim = VirtualTimeSystem.Create("lazy");
        var trace = new ActorTrace();
        var actor = sim.System.ActorOf(Props.Create(() => new Echo(trace)), "echo");
        actor.Tell("hello");

        trace.Lines.Should().BeEmpty();
        sim.Time.RunUntilIdle();

        trace.Lines.Should().Equal("echo started", "echo got hello");
    }

    [Fact]
    public void Messages_to_different_actors_are_handled_in_the_order_they_were_sent()
    {
        using var sim = VirtualTimeSystem.Create("fifo");
        var trace = new ActorTrace();
        var a = sim.System.ActorOf(Props.Create(() => new Echo(trace)), "a");
        var b = sim.System.ActorOf(Props.Create(() => new Echo(trace)), "b");
        var fanOut = sim.System.ActorOf(Props.Create(() => new FanOut(a, b)), "fan-out");
        sim.Time.RunUntilIdle();
        trace.Lines.Clear();

        fanOut.Tell("go");
        sim.Time.RunUntilIdle();

        trace.Lines.Should().Equal("a got 1", "b got 2", "a got 3", "b got 4", "a got 5");
    }

    [Fact]
    public void Work_sent_from_another_thread_runs_at_the_next_drive_on_the_driving_thread()
    {
        using var sim = VirtualTimeSystem.Create("threads");
        var threads = new List<int>();
        var actor = sim.System.ActorOf(Props.Create(() => new ThreadRecorder(threads)), "recorder");
        sim.Time.RunUntilIdle();

        OnAnotherThread(() => actor.Tell("from another thread"));
        threads.Should().BeEmpty();
        sim.Time.RunUntilIdle();

        threads.Should().Equal(Environment.CurrentManagedThreadId);
    }

    [Fact]
    public void A_task_continuation_from_another_thread_is_picked_up_at_the_next_drive()
    {
        using var sim = VirtualTimeSystem.Create("continuation");
        var trace = new ActorTrace();
        var exit = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = sim.System.ActorOf(Props.Create(() => new ExitWatcher(trace, exit.Task)), "watcher");
        sim.Time.RunUntilIdle();

        var posted = sim.Time.RunQueue.Posted;
        OnAnotherThread(() => exit.SetResult(3));
        posted.WaitOne(TimeSpan.FromSeconds(30)).Should().BeTrue("PipeTo's continuation tells the watcher from the pool");
        trace.Lines.Should().BeEmpty();
        sim.Time.RunUntilIdle();

        trace.Lines.Should().Equal("watcher exited with 3");
    }

    [Fact]
    public void The_FIFO_dispatcher_replaces_Akkas_dispatchers_and_the_extra_ids_given()
    {
        var extra = Akka.Configuration.ConfigurationFactory.ParseString("warden-pinned { type = PinnedDispatcher }");
        var hocon = Akka.Configuration.ConfigurationFactory.ParseString(VirtualTimeConfig.Hocon(null, "warden-pinned")).WithFallback(extra);
        using var system = ActorSystem.Create("dispatchers", hocon);

        foreach (var id in VirtualTimeConfig.AkkaDispatcherIds.Append("warden-pinned"))
        {
            system.Dispatchers.Lookup(id).Should().BeOfType<FifoDispatcher>(id);
        }

        system.Dispatchers.Lookup(system.Settings.LoggersDispatcher).Should().BeOfType<LoggerDispatcher>();
        var time = (VirtualTimeScheduler)system.Scheduler;
        var terminated = system.Terminate();
        while (!terminated.IsCompleted)
        {
            time.RunUntilIdle();
            time.RunQueue.Posted.WaitOne(TimeSpan.FromMilliseconds(50));
        }
    }

    [Fact]
    public void An_actor_on_the_pinned_dispatcher_id_runs_FIFO_under_virtual_time()
    {
        var extra = Akka.Configuration.ConfigurationFactory.ParseString("warden-pinned { type = PinnedDispatcher }");
        var config = Akka.Configuration.ConfigurationFactory.ParseString(VirtualTimeConfig.Hocon(null, "warden-pinned"));
        using var sim = VirtualTimeSystem.Create("pinned", config.WithFallback(extra));
        var threads = new List<int>();
        var actor = sim.System.ActorOf(Props.Create(() => new ThreadRecorder(threads)).WithDispatcher("warden-pinned"), "pinned");

        actor.Tell("x");
        threads.Should().BeEmpty();
        sim.Time.RunUntilIdle();

        threads.Should().Equal(Environment.CurrentManagedThreadId);
    }

    [Fact]
    public void A_dispatcher_id_that_is_not_a_plain_path_is_refused()
    {
        var bad = () => VirtualTimeConfig.Hocon(null, "warden pinned");

        bad.Should().Throw<ArgumentException>().WithMessage("Dispatcher id 'warden pinned' is not a plain HOCON path*");
    }

    private static void OnAnotherThread(Action action)
    {
        var thread = new Thread(() => action());
        thread.Start();
        thread.Join();
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo(ActorTrace trace)
        {
            trace.Add(Context, "started");
            Receive<object>(m => trace.Add(Context, $"got {m}"));
        }
    }

    private sealed class FanOut : ReceiveActor
    {
        public FanOut(IActorRef a, IActorRef b) =>
            Receive<string>(_ =>
            {
                a.Tell(1);
                b.Tell(2);
                a.Tell(3);
                b.Tell(4);
                a.Tell(5);
            });
    }

    private sealed class ThreadRecorder : ReceiveActor
    {
        public ThreadRecorder(List<int> threads) => Receive<string>(_ => threads.Add(Environment.CurrentManagedThreadId));
    }

    private sealed class ExitWatcher : ReceiveActor
    {
        public ExitWatcher(ActorTrace trace, Task<int> exit)
        {
            exit.PipeTo(Self);
            Receive<int>(code => trace.Add(Context, $"exited with {code}"));
        }
    }
}
