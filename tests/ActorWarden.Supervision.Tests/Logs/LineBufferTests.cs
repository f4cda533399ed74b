using System.Text;
using Akka.Actor;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Logs;

namespace ActorWarden.Supervision.Tests.Logs;

public sealed class LineBufferTests
{
    private static readonly ITimeProvider Clock = new Fakes.FixedClock();

    [Fact]
    public async Task A_full_buffer_drops_and_counts_instead_of_waiting()
    {
        var buffer = new LineBuffer(capacity: 100, maxBytes: long.MaxValue);
        var text = string.Concat(Enumerable.Range(0, 1000).Select(n => $"line {n}\n"));

        await OutputPump.RunAsync(new MemoryStream(Encoding.ASCII.GetBytes(text)), buffer, 1024, 42, Clock, CancellationToken.None);

        buffer.Dropped.Should().Be(900);
        buffer.Reader.Count.Should().Be(100);
        buffer.Reader.TryRead(out var first).Should().BeTrue();
        Encoding.ASCII.GetString(first.Bytes).Should().Be("line 0");
        first.Pid.Should().Be(42);
        buffer.Release(first);
    }

    [Fact]
    public void The_byte_bound_holds_even_when_the_line_bound_does_not()
    {
        var buffer = new LineBuffer(capacity: 10_000, maxBytes: 1_000_000);
        var line = new byte[64 * 1024];

        var accepted = Enumerable.Range(0, 100).Count(_ => buffer.TryAdd(line, 1, default));

        accepted.Should().Be(15);
        buffer.Dropped.Should().Be(85);
        buffer.QueuedBytes.Should().BeLessThanOrEqualTo(1_000_000);
    }

    [Fact]
    public void Released_lines_free_their_budget()
    {
        var buffer = new LineBuffer(capacity: 2, maxBytes: long.MaxValue);
        buffer.TryAdd("a"u8, 1, default).Should().BeTrue();
        buffer.TryAdd("b"u8, 1, default).Should().BeTrue();
        buffer.TryAdd("c"u8, 1, default).Should().BeFalse();

        buffer.Reader.TryRead(out var line).Should().BeTrue();
        buffer.Release(line);

        buffer.TryAdd("d"u8, 1, default).Should().BeTrue();
        buffer.Dropped.Should().Be(1);
    }

    [Fact]
    public async Task A_pump_without_target_still_drains_the_stream_to_eof_and_disposes_it()
    {
        var stream = new CountingStream(new MemoryStream(new byte[5_000_000]));

        await OutputPump.RunAsync(stream, target: null, 1024, 1, Clock, CancellationToken.None);

        stream.BytesRead.Should().Be(5_000_000);
        stream.Disposed.Should().BeTrue("the pump owns the stream once attached");
    }

    [Fact]
    public async Task A_read_error_ends_the_pump_like_eof_and_keeps_the_partial_line()
    {
        var buffer = new LineBuffer(capacity: 10, maxBytes: long.MaxValue);

        await OutputPump.RunAsync(new FailingStream("partial"u8.ToArray()), buffer, 1024, 1, Clock, CancellationToken.None);

        buffer.Reader.TryRead(out var line).Should().BeTrue();
        Encoding.ASCII.GetString(line.Bytes).Should().Be("partial");
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
}
