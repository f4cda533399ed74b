using ActorWarden.Processes.Threading;
using ActorWarden.Supervision.Hosting;
using Akka.Actor;

namespace ActorWarden.Supervision.Tests.Hosting;

/// <summary>
/// The default dispatcher's executor: a message or a failure sent from inside a mailbox run is handled on the
/// same thread right after it, from that thread's RunNext slots (Akka's own executor would queue it to the pool,
/// where the same worker often, but not always, takes it next); work from outside still runs on the pool.
/// </summary>
public sealed class RunNextExecutorTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private ActorSystem _system = null!;

    public Task InitializeAsync()
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString($$"""
            akka.loglevel = WARNING
            akka.stdout-loglevel = OFF
            akka.actor.default-dispatcher.executor = "{{typeof(RunNextExecutorConfigurator).FullName}}, ActorWarden.Supervision"
            """);
        _system = ActorSystem.Create("run-next", config);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _system.Terminate();

    [Fact]
    public async Task A_message_sent_inside_a_mailbox_run_is_handled_next_on_the_same_thread()
    {
        var seen = new TaskCompletionSource<(int Sender, int Receiver, bool Pool, bool FromSlot)>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The receiver is the sender's child, so only the sender's thread ever schedules its mailbox: had the
        // test created it, its first run could still be queued to the pool when the sender tells it.
        var sender = _system.ActorOf(Props.Create(() => new Sender(seen)), "sender");

        sender.Tell("go");

        var (senderThread, receiverThread, pool, fromSlot) = await seen.Task.WaitAsync(Patience);
        fromSlot.Should().BeTrue("the receiver's run was kept by the sender's thread, not queued to the pool");
        receiverThread.Should().Be(senderThread);
        pool.Should().BeTrue("a Tell from outside any mailbox run (this test) is queued to the pool");
    }

    [Fact]
    public async Task A_childs_failure_is_decided_by_its_parent_on_the_thread_it_failed_on()
    {
        var decided = new TaskCompletionSource<(int Failed, int Decided, bool FromSlot)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var parent = _system.ActorOf(Props.Create(() => new Parent(decided)), "parent");

        parent.Tell("fail");

        var (failed, decidedOn, fromSlot) = await decided.Task.WaitAsync(Patience);
        fromSlot.Should().BeTrue("the parent's run was kept by the failed child's thread");
        decidedOn.Should().Be(failed);
    }

    private sealed class Sender : ReceiveActor
    {
        public Sender(TaskCompletionSource<(int, int, bool, bool)> seen)
        {
            var receiver = Context.ActorOf(Props.Create(() => new Receiver(seen)), "receiver");
            Receive<string>(_ => receiver.Tell(Environment.CurrentManagedThreadId));
        }
    }

    private sealed class Receiver : ReceiveActor
    {
        public Receiver(TaskCompletionSource<(int, int, bool, bool)> seen) =>
            Receive<int>(sender => seen.TrySetResult((sender, Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread, RunNext.IsOpen)));
    }

    private sealed class Parent : ReceiveActor
    {
        private readonly TaskCompletionSource<(int, int, bool)> _decided;
        private readonly IActorRef _child;

        public Parent(TaskCompletionSource<(int, int, bool)> decided)
        {
            _decided = decided;
            _child = Context.ActorOf(Props.Create(() => new Failing()), "child");
            Receive<string>(m => _child.Tell(m));
        }

        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
        {
            _decided.TrySetResult((int.Parse(e.Message), Environment.CurrentManagedThreadId, RunNext.IsOpen));
            return Directive.Resume;
        });
    }

    private sealed class Failing : ReceiveActor
    {
        public Failing() => Receive<string>(_ => throw new InvalidOperationException(Environment.CurrentManagedThreadId.ToString()));
    }
}
