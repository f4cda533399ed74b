using ActorWarden.Actors.Tests.Support;
using Serilog.Core;
using Xunit.Abstractions;

namespace ActorWarden.Actors.Tests;

/// <summary>Actors on the pinned dispatcher own one thread for their whole life, and give it back when they stop.</summary>
public sealed class PinnedDispatcherTests(ITestOutputHelper output) : TestKit.Xunit2.TestKit(output)
{
    [Fact]
    public void A_pinned_actor_runs_every_message_on_one_dedicated_thread_that_ends_when_it_stops()
    {
        var actor = ActorOf(Props.Create<ThreadReporter>().WithDispatcher(Dispatchers.PinnedDispatcherId), "pinned");
        for (var i = 0; i < 50; i++)
        {
            actor.Tell(new Ping(i), TestActor);
        }

        var threads = ReceiveN(50).Cast<Thread>().ToList();
        threads.Select(t => t.ManagedThreadId).Distinct().Should().ContainSingle("one thread serves the actor");
        var thread = threads[0];
        thread.IsThreadPoolThread.Should().BeFalse();
        thread.Name.Should().Be("/user/pinned");

        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        thread.Join(TimeSpan.FromSeconds(10)).Should().BeTrue("the dedicated thread ends with its actor");
    }

    [Fact]
    public async Task A_pinned_actor_answers_while_every_thread_pool_thread_is_blocked()
    {
        // The actor's thread is asleep waiting for work before the pool is blocked: waking it must not
        // need the pool. Blocked work items ahead in the pool's global queue would hold a
        // default-dispatcher actor until the pool injected enough threads (about two a second).
        var log = new CollectingRef();
        var actor = ActorOf(Props.Create<ThreadReporter>().WithDispatcher(Dispatchers.PinnedDispatcherId));
        actor.Tell(new Ping(0), log);
        await WaitForAsync(() => log.Messages.Count == 1);
        await Task.Delay(50);

        using var release = new ManualResetEventSlim(false);
        var blockers = Enumerable.Range(0, Environment.ProcessorCount * 8)
            .Select(_ => Task.Factory.StartNew(() => release.Wait(TimeSpan.FromSeconds(60)), CancellationToken.None, TaskCreationOptions.PreferFairness, TaskScheduler.Default))
            .ToArray();
        try
        {
            actor.Tell(new Ping(1), log);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (log.Messages.Count < 2 && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(10);
            }

            log.Messages.Should().HaveCount(2).And.AllSatisfy(m => m.Should().BeOfType<Thread>().Which.IsThreadPoolThread.Should().BeFalse());
        }
        finally
        {
            release.Set();
            await Task.WhenAll(blockers);
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline);
            await Task.Delay(10);
        }
    }

    [Fact]
    public void Restarts_keep_the_same_thread()
    {
        var actor = ActorOf(Props.Create<ThreadReporter>().WithDispatcher(Dispatchers.PinnedDispatcherId));
        actor.Tell(new Ping(0), TestActor);
        var first = ExpectMsg<Thread>();

        actor.Tell(new Throw(new TestFailure("restart me")));
        actor.Tell(new Ping(1), TestActor);

        ExpectMsg<Thread>().ManagedThreadId.Should().Be(first.ManagedThreadId);
    }

    [Fact]
    public void Under_the_deterministic_dispatcher_a_pinned_actor_runs_on_the_thread_that_advances_time()
    {
        var scheduler = new VirtualTimeScheduler();
        var system = ActorSystem.Create("pinned-sim", new ActorSystemSettings { Scheduler = scheduler, Dispatcher = DispatcherMode.Deterministic, Logger = Logger.None });
        var log = new CollectingRef();
        var actor = system.ActorOf(Props.Create<ThreadReporter>().WithDispatcher(Dispatchers.PinnedDispatcherId));

        actor.Tell(new Ping(0), log);
        scheduler.RunUntilIdle();

        log.Messages.Should().ContainSingle().Which.Should().BeSameAs(Thread.CurrentThread);
        system.Terminate().IsCompleted.Should().BeTrue();
    }

    [Fact]
    public void An_unknown_dispatcher_name_is_refused_with_the_names_that_exist()
    {
        var act = () => Props.Create<ThreadReporter>().WithDispatcher("fast-lane");

        act.Should().Throw<ArgumentException>().WithMessage("*'fast-lane'*default-dispatcher*pinned-dispatcher*");
    }

    private sealed class ThreadReporter : ReceiveActor
    {
        public ThreadReporter()
        {
            Receive<Ping>(_ => Sender.Tell(Thread.CurrentThread));
            Receive<Throw>(t => throw t.Exception);
        }
    }
}
