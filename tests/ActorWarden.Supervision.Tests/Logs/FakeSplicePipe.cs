using ActorWarden.Processes;
using Microsoft.Win32.SafeHandles;

namespace ActorWarden.Supervision.Tests.Logs;

/// <summary>
/// A child's pipe in memory that can also be spliced, as the Linux pipe can: the test writes chunks, the pump
/// reads or splices them, and <see cref="Spliced"/> tells how many bytes went to the file without being read.
/// </summary>
internal sealed class FakeSplicePipe : Stream, ISplicePipe
{
    private readonly object _gate = new();
    private readonly Queue<byte[]> _chunks = new();
    private int _offset;
    private bool _closed;
    private TaskCompletionSource _readable = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _spliced;
    private int _pauses;

    public long Spliced => Interlocked.Read(ref _spliced);

    /// <summary>As a widened Linux pipe, unless a test says otherwise.</summary>
    public long Capacity { get; set; } = 1024 * 1024;

    /// <summary>What <see cref="Widen"/> makes of <see cref="Capacity"/>; null leaves it as it is.</summary>
    public long? WidensTo { get; init; }

    /// <summary>How many times the pump asked for a wider pipe.</summary>
    public int Widenings { get; private set; }

    public void Widen()
    {
        Widenings++;
        Capacity = WidensTo ?? Capacity;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public void Feed(byte[] bytes)
    {
        lock (_gate)
        {
            _chunks.Enqueue(bytes);
            _readable.TrySetResult();
        }
    }

    /// <summary>EOF once what was fed has been taken, as when the child's write end closes.</summary>
    public void CloseWriter()
    {
        lock (_gate)
        {
            _closed = true;
            _readable.TrySetResult();
        }
    }

    public long SpliceTo(SafeFileHandle file, long offset, long count)
    {
        lock (_gate)
        {
            if (_chunks.Count == 0)
            {
                return _closed ? 0 : -1;
            }

            var head = _chunks.Peek();
            var taken = (int)Math.Min(count, head.Length - _offset);
            RandomAccess.Write(file, head.AsSpan(_offset, taken), offset);
            Advance(head, taken);
            _spliced += taken;
            return taken;
        }
    }

    public ValueTask WaitReadableAsync(CancellationToken cancellationToken) => new(Readable());

    /// <summary>How often the pump paused to let the pipe fill.</summary>
    public int Pauses => Volatile.Read(ref _pauses);

    public ValueTask PauseAsync(TimeSpan pause)
    {
        Interlocked.Increment(ref _pauses);
        return new(Task.Delay(pause));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_chunks.Count > 0)
                {
                    var head = _chunks.Peek();
                    var taken = Math.Min(buffer.Length, head.Length - _offset);
                    head.AsSpan(_offset, taken).CopyTo(buffer.Span);
                    Advance(head, taken);
                    return taken;
                }

                if (_closed)
                {
                    return 0;
                }
            }

            await Readable().WaitAsync(cancellationToken);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private Task Readable()
    {
        lock (_gate)
        {
            if (_chunks.Count > 0 || _closed)
            {
                return Task.CompletedTask;
            }

            if (_readable.Task.IsCompleted)
            {
                _readable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return _readable.Task;
        }
    }

    private void Advance(byte[] head, int taken)
    {
        _offset += taken;
        if (_offset == head.Length)
        {
            _chunks.Dequeue();
            _offset = 0;
        }
    }
}
