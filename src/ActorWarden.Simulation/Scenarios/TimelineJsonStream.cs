using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using ActorWarden.Contracts.Control;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// The lines of <see cref="TimelineJson"/>, encoded on a second thread while the simulation runs: encoded
/// afterwards, the 144,000 lines of a day of 100 crashing services took about a tenth of `warden simulate
/// --json`. The simulating thread hands events over in batches, one hand-off per few thousand events. The
/// lines stay in memory until <see cref="WriteTo"/>, so a simulation that fails prints its error alone.
/// Not for cluster scenarios, whose model's lines are merged in by time once the run is over.
/// </summary>
public sealed class TimelineJsonStream : IDisposable
{
    private const int BatchSize = 4096;

    private readonly BlockingCollection<List<WardenEvent>> _batches = new();
    private readonly List<byte[]> _chunks = new();
    private readonly Thread _encoder;
    private List<WardenEvent> _pending = new(BatchSize);
    private int _encoded;
    private Exception? _failure;

    public TimelineJsonStream()
    {
        _encoder = new Thread(Encode) { IsBackground = true, Name = "timeline-json" };
        _encoder.Start();
    }

    /// <summary>Takes the next event of the timeline (<see cref="SimulationOptions.OnEvent"/>).</summary>
    public void Add(WardenEvent @event)
    {
        _pending.Add(@event);
        if (_pending.Count == BatchSize)
        {
            _batches.Add(_pending);
            _pending = new List<WardenEvent>(BatchSize);
        }
    }

    /// <summary>Writes the lines of <paramref name="result"/>, whose events are those taken, then its summary.</summary>
    /// <exception cref="InvalidOperationException">The events taken are not the result's, or it is a cluster's.</exception>
    public void WriteTo(Stream output, SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(result);
        Finish();
        if (_failure is not null)
        {
            ExceptionDispatchInfo.Throw(_failure);
        }

        if (result.Cluster is not null || _encoded != result.Events.Count)
        {
            throw new InvalidOperationException(
                $"the stream encoded {_encoded} events of a timeline of {result.Events.Count}{(result.Cluster is null ? string.Empty : " with a cluster")}; write it with TimelineJson.Write.");
        }

        foreach (var chunk in _chunks)
        {
            output.Write(chunk);
        }

        TimelineJson.WriteSummary(result, output);
    }

    public void Dispose()
    {
        Finish();
        _batches.Dispose();
    }

    private void Finish()
    {
        if (_batches.IsAddingCompleted)
        {
            return;
        }

        _batches.Add(_pending);
        _batches.CompleteAdding();
        _encoder.Join();
    }

    private void Encode()
    {
        try
        {
            using var lines = new EventLineBuffer(TimelineJson.FlushAt + 4096);
            foreach (var batch in _batches.GetConsumingEnumerable())
            {
                foreach (var @event in batch)
                {
                    lines.Add(@event);
                    _encoded++;
                    if (lines.Written.Length >= TimelineJson.FlushAt)
                    {
                        _chunks.Add(lines.Written.ToArray());
                        lines.Clear();
                    }
                }
            }

            _chunks.Add(lines.Written.ToArray());
        }
        catch (Exception ex)
        {
            // Rethrown by WriteTo; the hand-off is unbounded, so the simulating thread never waits on it.
            _failure = ex;
        }
    }
}
