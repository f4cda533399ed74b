using System.Text;
using Akka.Actor;
using ActorWarden.Supervision.Logs;

namespace ActorWarden.Supervision.Tests.Logs;

public sealed class OutputPumpTests
{
    private static readonly ITimeProvider Clock = new Fakes.FixedClock();

    private const int MaxBlock = 64 * 1024;

    [Fact]
    public async Task Blocks_hold_whole_lines_as_written_and_the_last_unterminated_line_is_marked_for_a_newline()
    {
        var sink = new RecordingSink();
        var stream = new ScriptedStream("one\r\ntw", "o\nthr", "ee");

        await OutputPump.RunAsync(stream, sink, 1024, MaxBlock, 42, Clock, CancellationToken.None);

        sink.Chunks.Should().Equal(("one\r\n", false, 42), ("two\n", false, 42), ("three", true, 42));
    }

    [Fact]
    public async Task A_busy_writer_stops_the_reading_instead_of_dropping_and_every_byte_arrives_in_order()
    {
        var text = string.Concat(Enumerable.Range(0, 200_000).Select(n => $"line {n}\n"));
        var stream = new CountingStream(new MemoryStream(Encoding.ASCII.GetBytes(text)));
        var sink = new RecordingSink { Busy = new TaskCompletionSource() };

        var pump = OutputPump.RunAsync(stream, sink, 1024, MaxBlock, 1, Clock, CancellationToken.None);
        await Eventually.True(() => sink.Chunks.Count == 1, "the first block reaches the writer");
        await Task.Delay(100);

        stream.BytesRead.Should().BeLessThanOrEqualTo(MaxBlock + OutputPump.MinBlock, "a pump whose block is being written reads nothing more");
        pump.IsCompleted.Should().BeFalse();
        sink.Busy.SetResult();
        await pump;
        string.Concat(sink.Chunks.Select(c => c.Text)).Should().Be(text);
        sink.Chunks.Should().OnlyContain(c => c.Text.Length <= MaxBlock + OutputPump.MinBlock);
    }

    [Fact]
    public async Task An_unfinished_line_is_held_only_up_to_max_line_and_then_passed_on_in_pieces()
    {
        var sink = new RecordingSink();
        var stream = new ScriptedStream(new string('a', 300), new string('b', 300), "\nnext\n");

        await OutputPump.RunAsync(stream, sink, 512, MaxBlock, 1, Clock, CancellationToken.None);

        var chunks = sink.Chunks;
        chunks.Should().OnlyContain(c => c.Text.Length <= 512 + OutputPump.MinBlock);
        chunks[0].Text.Should().Be(new string('a', 300) + new string('b', 300), "held until max-line was reached");
        string.Concat(chunks.Select(c => c.Text)).Should().Be(new string('a', 300) + new string('b', 300) + "\nnext\n");
        chunks.Should().OnlyContain(c => !c.Terminate, "pieces go on as written; no newline is invented");
    }

    [Theory]
    [InlineData("abc\ndef\nxy", 100, 8)]
    [InlineData("abc", 100, 0)]
    [InlineData("abc\ndefghijkl", 4, 13)]
    [InlineData("", 100, 0)]
    public void A_block_ends_after_its_last_newline_unless_the_unfinished_line_reached_max_line(string data, int maxLine, int end) =>
        OutputPump.BlockEnd(Encoding.ASCII.GetBytes(data), maxLine).Should().Be(end);

    [Fact]
    public void A_piece_of_an_over_long_line_is_not_cut_inside_a_utf8_character()
    {
        var data = Encoding.UTF8.GetBytes("aaaa\u00e9");
        OutputPump.BlockEnd(data.AsSpan(0, 5), 4).Should().Be(4, "the é's first byte waits for its second");
    }

    [Fact]
    public async Task A_pump_without_target_still_drains_the_stream_to_eof_and_disposes_it()
    {
        var stream = new CountingStream(new MemoryStream(new byte[5_000_000]));

        await OutputPump.RunAsync(stream, target: null, 1024, MaxBlock, 1, Clock, CancellationToken.None);

        stream.BytesRead.Should().Be(5_000_000);
        stream.Disposed.Should().BeTrue("the pump owns the stream once attached");
    }

    [Fact]
    public async Task A_read_error_ends_the_pump_like_eof_and_keeps_the_partial_line()
    {
        var sink = new RecordingSink();

        await OutputPump.RunAsync(new FailingStream("partial"u8.ToArray()), sink, 1024, MaxBlock, 1, Clock, CancellationToken.None);

        sink.Chunks.Should().Equal(("partial", true, 1));
    }

    /// <summary>Records the blocks (an empty end-of-stream block is left out); while <see cref="Busy"/> is pending, a write does not complete.</summary>
    private sealed class RecordingSink : ILogChunkSink
    {
        public List<(string Text, bool Terminate, int Pid)> Chunks { get; } = [];

        public TaskCompletionSource? Busy { get; init; }

        public async ValueTask WriteAsync(LogChunk chunk, CancellationToken cancellationToken)
        {
            if (chunk.Length > 0 || chunk.Terminate)
            {
                lock (Chunks)
                {
                    Chunks.Add((Encoding.ASCII.GetString(chunk.Bytes), chunk.Terminate, chunk.Pid));
                }
            }

            chunk.Return();
            if (Busy is not null)
            {
                await Busy.Task;
            }
        }
    }

    /// <summary>Returns each scripted piece from one read, then EOF.</summary>
    private sealed class ScriptedStream(params string[] pieces) : Stream
    {
        private int _next;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_next == pieces.Length)
            {
                return 0;
            }

            var bytes = Encoding.ASCII.GetBytes(pieces[_next++]);
            bytes.Length.Should().BeLessThanOrEqualTo(count, "the test pieces fit the pump's reads");
            bytes.CopyTo(buffer, offset);
            return bytes.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Counts what is read through it and whether it was disposed.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public bool Disposed { get; private set; }

        public override bool CanRead => !Disposed;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Returns its data once, then fails as a broken pipe would.</summary>
    private sealed class FailingStream(byte[] data) : Stream
    {
        private bool _served;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_served)
            {
                throw new IOException("Broken pipe");
            }

            _served = true;
            data.CopyTo(buffer, offset);
            return data.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData(1000, 256 * 1024, 1024 * 1024, 1000)]
    [InlineData(1000, 1024 * 1024, 1024 * 1024, 625)]
    [InlineData(1000, 64 * 1024, 1024 * 1024, 1500)]
    [InlineData(1000, 0, 1024 * 1024, 1500)]
    [InlineData(250, 4 * 1024 * 1024, 1024 * 1024, 200)]
    [InlineData(2000, 1024, 1024 * 1024, 2000)]
    [InlineData(1000, 256 * 1024, 256 * 1024, 625)]
    [InlineData(1000, 64 * 1024, 256 * 1024, 1000)]
    public void A_spliced_flood_pause_moves_halfway_toward_a_quarter_of_the_pipe_per_wake_up_within_bounds(int lastMicroseconds, long moved, long capacity, int nextMicroseconds)
    {
        OutputPump.NextPause(TimeSpan.FromMicroseconds(lastMicroseconds), moved, capacity).Should().Be(TimeSpan.FromMicroseconds(nextMicroseconds));
    }
}
