using ActorWarden.Actors.Tests.Support;
using Xunit.Abstractions;

namespace ActorWarden.Actors.Tests;

public sealed class DeathWatchTests(ITestOutputHelper output) : TestKit.Xunit2.TestKit(new VirtualTimeScheduler(), output)
{
    [Fact]
    public void Watching_an_actor_delivers_exactly_one_terminated_when_it_stops()
    {
        var target = ActorOf(Props.Create<EchoActor>(), "target");
        Watch(target);
        Watch(target);

        Sys.Stop(target);

        ExpectTerminated(target).ExistenceConfirmed.Should().BeTrue();
        ExpectNoMsg();
    }

    [Fact]
    public void Watching_an_actor_that_is_already_dead_still_delivers_one_terminated()
    {
        var target = ActorOf(Props.Create<EchoActor>(), "target");
        Sys.Stop(target);
        RunUntilIdle();

        Watch(target);

        ExpectTerminated(target);
        ExpectNoMsg();
    }

    [Fact]
    public void Unwatch_prevents_the_terminated_message()
    {
        var target = ActorOf(Props.Create<EchoActor>(), "target");
        Watch(target);

        Unwatch(target);
        Sys.Stop(target);

        ExpectNoMsg();
    }

    [Fact]
    public void Unwatch_drops_a_terminated_that_is_already_queued()
    {
        var stopped = new TaskCompletionSource();
        var target = ActorOf(Props.Create(() => new SignalOnStopActor(stopped)), "target");
        var watcher = ActorOf(Props.Create(() => new WatchThenUnwatchActor(target, stopped.Task, TestActor)), "watcher");
        RunUntilIdle();

        // The watcher is busy handling "stop-and-unwatch" when the notification arrives.
        watcher.Tell("stop-and-unwatch");

        ExpectMsg("unwatched");
        ExpectNoMsg();
    }

    [Fact]
    public void An_actor_that_does_not_handle_terminated_dies_of_a_death_pact()
    {
        var target = ActorOf(Props.Create<EchoActor>(), "target");
        var pact = ActorOf(Props.Create(() => new DeathPactActor(target)), "pact");
        RunUntilIdle();
        Watch(pact);

        Sys.Stop(target);

        ExpectTerminated(pact);
    }

    [Fact]
    public void Watching_nobody_or_dead_letters_reports_them_terminated()
    {
        Watch(ActorRefs.Nobody);

        ExpectTerminated(ActorRefs.Nobody).ExistenceConfirmed.Should().BeFalse();
    }

    /// <summary>
    /// Stops its target inside an async handler and resumes when the target's PostStop ran, then yields once
    /// more: the death notification is processed in between, so the Terminated is already queued in the
    /// mailbox (user messages are held while the handler runs) when Unwatch must remove it.
    /// </summary>
    private sealed class WatchThenUnwatchActor : ReceiveActor
    {
        public WatchThenUnwatchActor(IActorRef target, Task targetStopped, IActorRef probe)
        {
            Context.Watch(target);
            ReceiveAsync<string>(async _ =>
            {
                Context.Stop(target);
                await targetStopped;
                await Task.Yield();
                Context.Unwatch(target);
                probe.Tell("unwatched");
            });
            Receive<Terminated>(t => probe.Tell($"terminated {t.ActorRef.Path}"));
        }
    }

    private sealed class SignalOnStopActor : ReceiveActor
    {
        private readonly TaskCompletionSource _stopped;

        public SignalOnStopActor(TaskCompletionSource stopped)
        {
            _stopped = stopped;
            ReceiveAny(_ => { });
        }

        protected override void PostStop() => _stopped.TrySetResult();
    }

    private sealed class DeathPactActor : ReceiveActor
    {
        public DeathPactActor(IActorRef target)
        {
            Context.Watch(target);
            Receive<string>(_ => { });
        }
    }
}
