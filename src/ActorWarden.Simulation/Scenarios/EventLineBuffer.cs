using System.Buffers;
using System.Text.Json;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// JSON lines of events in the events file's form (<see cref="EventJson"/>), encoded through one reused
/// writer and buffer: a day of 100 crashing services is 144,000 lines, and a writer, a buffer and two
/// string copies per line took about a fifth of the whole `warden simulate --json` run.
/// </summary>
internal sealed class EventLineBuffer : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer;
    private readonly Utf8JsonWriter _writer;

    public EventLineBuffer(int capacity)
    {
        _buffer = new ArrayBufferWriter<byte>(capacity);
        _writer = new Utf8JsonWriter(_buffer, EventJson.WriterOptions);
    }

    /// <summary>The lines encoded since the last <see cref="Clear"/>.</summary>
    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    /// <summary>Appends the event's line, with its "\n".</summary>
    public void Add(WardenEvent @event)
    {
        EventJson.Write(_writer, @event);
        _writer.Flush();
        _writer.Reset();
        _buffer.Write("\n"u8);
    }

    /// <summary>Appends bytes that are already a line.</summary>
    public void Add(ReadOnlySpan<byte> line) => _buffer.Write(line);

    public void Clear() => _buffer.ResetWrittenCount();

    public void Dispose() => _writer.Dispose();
}
