using ActorWarden.Supervision.Hosting;
using Akka.Actor;

namespace ActorWarden.Supervision.Tests.Hosting;

/// <summary>
/// The warden's pinned dispatcher: a thread per actor, messages in order, a thread again after the
/// dispatcher shut down; and its shared form, one thread for every actor of the dispatcher id.
/// </summary>
public sealed class QuietPinnedDispatcherTests : IAsyncLifetime
{
    private ActorSystem _system = null!;

    public Task InitializeAsync()
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.stdout-loglevel = OFF
            akka.actor.warden-pinned {
              type = "ActorWarden.Supervision.Hosting.QuietPinnedDispatcherConfigurator, ActorWarden.Supervision"
              throughput = 100
              shutdown-timeout = 50ms
            }
            akka.actor.warden-folding {
              type = "ActorWarden.Supervision.Hosting.QuietSharedDispatcherConfigurator, ActorWarden.Supervision"
              throughput = 100
            }
            akka.actor.lingering {
              type = "ActorWarden.Supervision.Hosting.QuietPinnedDispatcherConfigurator, ActorWarden.Supervision"
              throughput = 100
              linger = 4s
            }
            """);
        _system = ActorSystem.Create("quiet-pinned", config);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _system.Terminate();

    private IActorRef Pinned(string name) =>
        _system.ActorOf(Props.Create(() => new ThreadReporter()).WithDispatcher(WardenAkkaIds.PinnedDispatcher), name);

    [Fact]
    public async Task Every_actor_gets_a_thread_of_its_own_named_for_the_dispatcher()
    {
        var first = await Pinned("first").Ask<ThreadSeen>("which", TimeSpan.FromSeconds(10));
        var second = await Pinned("second").Ask<ThreadSeen>("which", TimeSpan.FromSeconds(10));

        first.Name.Should().StartWith(WardenAkkaIds.PinnedDispatcher + "-");
        second.Name.Should().StartWith(WardenAkkaIds.PinnedDispatcher + "-");
        first.Id.Should().NotBe(second.Id);
        first.IsThreadPool.Should().BeFalse();
    }

    [Fact]
    public async Task The_shared_form_runs_every_actor_of_the_id_on_one_thread_of_its_own_each_in_order()
    {
        IActorRef Folding(string name) => _system.ActorOf(Props.Create(() => new ThreadReporter()).WithDispatcher(WardenAkkaIds.FoldingDispatcher), name);
        var first = Folding("folding-first");
        var second = Folding("folding-second");
        for (var i = 0; i < 2_000; i++)
        {
            first.Tell(i);
            second.Tell(-i);
        }

        var firstSeen = await first.Ask<Seen>("report", TimeSpan.FromSeconds(10));
        var secondSeen = await second.Ask<Seen>("report", TimeSpan.FromSeconds(10));
        var thread = await first.Ask<ThreadSeen>("which", TimeSpan.FromSeconds(10));

        firstSeen.Numbers.Should().Equal(Enumerable.Range(0, 2_000));
        secondSeen.Numbers.Should().Equal(Enumerable.Range(0, 2_000).Select(i => -i));
        firstSeen.Threads.Should().ContainSingle().And.Equal(secondSeen.Threads);
        thread.Name.Should().StartWith(WardenAkkaIds.FoldingDispatcher + "-");
        thread.IsThreadPool.Should().BeFalse();
    }

    [Fact]
    public async Task Messages_are_handled_in_order_on_the_same_thread()
    {
        var actor = Pinned("ordered");
        for (var i = 0; i < 5_000; i++)
        {
            actor.Tell(i);
        }

        var seen = await actor.Ask<Seen>("report", TimeSpan.FromSeconds(10));

        seen.Numbers.Should().Equal(Enumerable.Range(0, 5_000));
        seen.Threads.Should().ContainSingle();
    }

    [Fact]
    public async Task An_actor_created_after_the_dispatcher_shut_down_gets_a_thread_again()
    {
        var first = Pinned("short-lived");
        (await first.Ask<ThreadSeen>("which", TimeSpan.FromSeconds(10))).IsThreadPool.Should().BeFalse();
        await first.GracefulStop(TimeSpan.FromSeconds(10));
        await Task.Delay(300);

        var again = await Pinned("short-lived-2").Ask<ThreadSeen>("which", TimeSpan.FromSeconds(10));

        again.Name.Should().StartWith(WardenAkkaIds.PinnedDispatcher + "-");
    }

    [Fact]
    public async Task With_a_linger_a_message_sent_while_the_thread_lingers_waits_for_the_linger_to_end()
    {
        var actor = _system.ActorOf(Props.Create(() => new ThreadReporter()).WithDispatcher("akka.actor.lingering"), "lingering");
        await actor.Ask<ThreadSeen>("which", TimeSpan.FromSeconds(10));
        // The reply is sent from inside the handler; give the thread time to finish it and start lingering.
        await Task.Delay(200);
        var sent = System.Diagnostics.Stopwatch.StartNew();

        await actor.Ask<ThreadSeen>("which", TimeSpan.FromSeconds(10));

        sent.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(2), "the thread was asleep in its 4 s linger and nobody may wake it");
    }

    [Fact]
    public async Task With_a_linger_an_idle_thread_is_parked_and_wakes_at_once_for_the_first_message()
    {
        var actor = _system.ActorOf(Props.Create(() => new ThreadReporter()).WithDispatcher("akka.actor.lingering"), "idle");
        await actor.Ask<ThreadSeen>("which", TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(4.5));

        // Past the linger the thread is parked: a poll at the linger's pace would answer after 0 to 4 s.
        var asked = System.Diagnostics.Stopwatch.StartNew();
        var answer = await actor.Ask<ThreadSeen>("which", TimeSpan.FromSeconds(10));

        asked.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1));
        answer.Name.Should().StartWith("akka.actor.lingering-");
    }

    private sealed record ThreadSeen(int Id, string? Name, bool IsThreadPool);

    private sealed record Seen(IReadOnlyList<int> Numbers, IReadOnlyList<int> Threads);

    private sealed class ThreadReporter : ReceiveActor
    {
        private readonly List<int> _numbers = [];
        private readonly HashSet<int> _threads = [];

        public ThreadReporter()
        {
            Receive<string>(m => m == "which", _ =>
                Sender.Tell(new ThreadSeen(Environment.CurrentManagedThreadId, Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread)));
            Receive<int>(n =>
            {
                _numbers.Add(n);
                _threads.Add(Environment.CurrentManagedThreadId);
            });
            Receive<string>(m => m == "report", _ => Sender.Tell(new Seen(_numbers.ToList(), _threads.ToList())));
        }
    }
}
