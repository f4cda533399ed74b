using Akka.Actor;
using ActorWarden.Supervision.Hosting;

namespace ActorWarden.Supervision.Runtime;

/// <summary>
/// Reads the own RSS of a batch of processes for the <see cref="StatusBoard"/>. It is a child of the
/// board on the shared dispatcher rather than work done on the board's thread: a thousand /proc reads
/// take milliseconds, and a status query arriving meanwhile must not wait for them. It holds no state;
/// the board decides which pids to read and which answers still matter.
/// </summary>
internal sealed class RssSampler : ReceiveActor
{
    private RssSampler(Func<int, long?> readRss)
    {
        Receive<ReadRssBatch>(batch =>
        {
            var readings = new RssReading[batch.Targets.Count];
            for (var i = 0; i < readings.Length; i++)
            {
                var target = batch.Targets[i];
                readings[i] = new RssReading(target.Instance, target.Pid, readRss(target.Pid));
            }

            Sender.Tell(new RssReadings(readings), Self);
        });
    }

    /// <summary>Props of a sampler reading through <paramref name="readRss"/> (production: <c>ProcessInfo.ReadRss</c>).</summary>
    public static Props Props(Func<int, long?> readRss)
    {
        ArgumentNullException.ThrowIfNull(readRss);
        return ActorProps.Of(() => new RssSampler(readRss));
    }
}
