namespace ActorWarden.Actors.Tests;

/// <summary>
/// Stopping a parent of a hundred thousand children queues as many death-watch notifications in its
/// system mailbox. The spawn+stop benchmark once overflowed the stack there (record equality of queued
/// system messages walked their linked chain); this pins that a mass stop completes.
/// </summary>
public sealed class MassStopTests
{
    [Fact]
    public async Task A_parent_with_a_hundred_thousand_children_stops_cleanly()
    {
        var system = ActorSystem.Create("mass-stop");
        try
        {
            var parent = system.ActorOf(Props.Create(() => new Spawner(100_000)), "parent");
            (await parent.Ask<int>("count", TimeSpan.FromSeconds(60))).Should().Be(100_000);

            (await parent.GracefulStop(TimeSpan.FromSeconds(60))).Should().BeTrue();
        }
        finally
        {
            await system.Terminate();
        }
    }

    private sealed class Spawner : ReceiveActor
    {
        public Spawner(int children)
        {
            for (var i = 0; i < children; i++)
            {
                Context.ActorOf(Props.Create<Idle>());
            }

            Receive<string>(_ => Sender.Tell(Context.Children.Count()));
        }
    }

    private sealed class Idle : ReceiveActor
    {
    }
}
