using System.Globalization;
using System.Text;
using Akka.Actor;

namespace ActorWarden.Simulation.Tests.Support;

/// <summary>
/// A shared log the test actors write to. Only the driving thread touches it (that is what the FIFO
/// dispatcher guarantees), so it needs no lock; each line carries the virtual time.
/// </summary>
internal sealed class ActorTrace
{
    private readonly StringBuilder _text = new();

    public List<string> Lines { get; } = [];

    public void Add(IActorContext context, string what) => Add(context.System.Scheduler, $"{context.Self.Path.Name} {what}");

    public void Add(IScheduler clock, string line)
    {
        var stamped = $"{clock.MonotonicClock.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} {line}";
        Lines.Add(line);
        _text.AppendLine(stamped);
    }

    public override string ToString() => _text.ToString();
}
