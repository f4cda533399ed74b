using System.Text;
using ActorWarden.Processes.Linux;
using ActorWarden.Processes.Tests.Support;

namespace ActorWarden.Processes.Tests.Linux;

/// <summary>
/// A flooded pipe is spliced into its file through a relay pipe of the warden's own (see <see cref="SpliceRelay"/>):
/// every byte arrives once and in order, bytes the file refuses are what the stream reads next, and a stream
/// that never flooded costs no descriptor more.
/// </summary>
public sealed class SpliceRelayTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aw-relay-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_flooded_pipe_reaches_its_file_through_the_relay_byte_for_byte_and_the_relay_closes_with_the_stream()
    {
        _ = PipeReadiness.Instance;
        var before = await OpenFds.Settled();
        var path = Path.Combine(_folder, "flood.log");
        var expected = new MemoryStream();
        using (var file = File.OpenHandle(path, FileMode.Create, FileAccess.Write))
        {
            var (stream, writer) = TestPipes.Open();
            using (writer)
            using (stream)
            {
                stream.Widen();
                var withoutRelay = await OpenFds.Settled();
                var offset = 0L;
                var withRelay = 0;
                for (var round = 0; round < 40; round++)
                {
                    var block = Block(round, 48 * 1024 + (round * 1_000));
                    writer.Write(block);
                    expected.Write(block);
                    long moved;
                    while ((moved = stream.SpliceTo(file, offset, 4 * 1024 * 1024)) > 0)
                    {
                        offset += moved;
                    }

                    moved.Should().Be(-1, "the pipe is empty for now, not at its end");
                    withRelay = Math.Max(withRelay, ProcessInfo.CountOpenFds());
                }

                withRelay.Should().BeGreaterThanOrEqualTo(withoutRelay + 2, "the relay's two ends");
                writer.Dispose();
                stream.SpliceTo(file, offset, 4 * 1024 * 1024).Should().Be(0, "every write end is closed and nothing is left");
            }
        }

        File.ReadAllBytes(path).Should().Equal(expected.ToArray());
        (await OpenFds.Settled()).Should().Be(before, "the relay is closed with the stream");
    }

    [Fact]
    public async Task Bytes_the_file_refuses_are_read_next_before_newer_ones()
    {
        var path = Path.Combine(_folder, "refusing.log");
        File.WriteAllText(path, "");
        var (stream, writer) = TestPipes.Open();
        using (writer)
        using (stream)
        using (var readOnly = File.OpenHandle(path, FileMode.Open, FileAccess.Read))
        {
            stream.Widen();
            var first = Block(1, 100_000);
            var second = Block(2, 30_000);
            writer.Write(first);

            var refuse = () => stream.SpliceTo(readOnly, 0, 4 * 1024 * 1024);
            refuse.Should().Throw<IOException>("the file is not open for writing");
            writer.Write(second);
            var waited = stream.WaitReadableAsync(CancellationToken.None);
            waited.IsCompleted.Should().BeTrue("what the relay holds is there to read");
            await waited;

            var read = new MemoryStream();
            var buffer = new byte[64 * 1024];
            while (read.Length < first.Length + second.Length)
            {
                var n = await stream.ReadAsync(buffer);
                n.Should().BePositive();
                read.Write(buffer, 0, n);
            }

            read.ToArray().Should().Equal(first.Concat(second).ToArray(), "nothing is lost and the order holds");
        }
    }

    [Fact]
    public async Task A_stream_that_never_flooded_splices_directly_without_a_relay()
    {
        var path = Path.Combine(_folder, "quiet.log");
        var (stream, writer) = TestPipes.Open();
        using (writer)
        using (stream)
        using (var file = File.OpenHandle(path, FileMode.Create, FileAccess.Write))
        {
            var open = await OpenFds.Settled();
            writer.Write("one line\n"u8);
            stream.SpliceTo(file, 0, 1024 * 1024).Should().Be(9);
            ProcessInfo.CountOpenFds().Should().Be(open, "a quiet stream opens no relay");
        }

        File.ReadAllText(path).Should().Be("one line\n");
    }

    /// <summary>Distinct, recognisable bytes: a block's lines carry its round and their number.</summary>
    private static byte[] Block(int round, int length)
    {
        var text = new StringBuilder();
        for (var line = 0; text.Length < length; line++)
        {
            text.Append(round).Append(':').Append(line).Append('\n');
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }
}
