using ActorWarden.Actors.Tests.Support;
using Xunit.Abstractions;

namespace ActorWarden.Actors.Tests;

public sealed class FuturesTests(ITestOutputHelper output) : TestKit.Xunit2.TestKit(output)
{
    [Fact]
    public async Task Ask_completes_with_the_reply()
    {
        var echo = ActorOf(Props.Create<EchoActor>());

        var reply = await echo.Ask<Ping>(new Ping(5), TimeSpan.FromSeconds(3));

        reply.Should().Be(new Ping(5));
    }

    [Fact]
    public async Task Ask_without_a_reply_times_out_with_an_exception_naming_the_target_path()
    {
        var silent = ActorOf(Props.Create<SilentActor>(), "silent");

        var act = () => silent.Ask<object>("anyone?", TimeSpan.FromMilliseconds(100));

        await act.Should().ThrowAsync<AskTimeoutException>().WithMessage("*/user/silent*100 ms*");
    }

    [Fact]
    public async Task Ask_faults_with_the_cause_of_a_status_failure_reply()
    {
        var failing = ActorOf(Props.Create(() => new ReplyWithActor(new Status.Failure(new OtherFailure("nope")))));

        var act = () => failing.Ask<string>("q", TimeSpan.FromSeconds(3));

        await act.Should().ThrowAsync<OtherFailure>().WithMessage("nope");
    }

    [Fact]
    public async Task Ask_faults_with_invalid_cast_when_the_reply_has_another_type()
    {
        var echo = ActorOf(Props.Create<EchoActor>(), "echo");

        var act = () => echo.Ask<int>("not an int", TimeSpan.FromSeconds(3));

        await act.Should().ThrowAsync<InvalidCastException>().WithMessage("*/user/echo*Int32*String*");
    }

    [Fact]
    public async Task Ask_to_a_terminated_actor_fails_immediately()
    {
        var echo = ActorOf(Props.Create<EchoActor>(), "dead");
        Watch(echo);
        Sys.Stop(echo);
        ExpectTerminated(echo);

        var act = () => echo.Ask<object>("hello", TimeSpan.FromSeconds(30));

        await act.Should().ThrowAsync<AskTimeoutException>().WithMessage("*/user/dead*terminated*");
    }

    [Fact]
    public async Task Ask_can_be_cancelled()
    {
        var silent = ActorOf(Props.Create<SilentActor>());
        using var cancellation = new CancellationTokenSource();

        var ask = silent.Ask<object>("q", TimeSpan.FromSeconds(30), cancellation.Token);
        cancellation.Cancel();

        await ask.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Graceful_stop_completes_with_true_after_the_actor_processed_its_queue_and_stopped()
    {
        var log = new CollectingRef();
        var actor = ActorOf(LifecycleActor.Props(log, "graceful"));
        actor.Tell(new Ping(1), log);

        var stopped = await actor.GracefulStop(TimeSpan.FromSeconds(3));

        stopped.Should().BeTrue();
        log.Messages.Should().ContainInOrder(new Ping(1), new LifecycleEvent("graceful", "PostStop"));
    }

    [Fact]
    public async Task Graceful_stop_completes_with_false_when_the_actor_does_not_stop_in_time()
    {
        var stubborn = ActorOf(Props.Create<SilentActor>());

        var stopped = await stubborn.GracefulStop(TimeSpan.FromMilliseconds(100), "please stop");

        stopped.Should().BeFalse();
    }

    private sealed class ReplyWithActor : ReceiveActor
    {
        public ReplyWithActor(object reply)
        {
            ReceiveAny(_ => Sender.Tell(reply));
        }
    }
}
