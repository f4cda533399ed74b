using ActorWarden.Processes.Linux;
using ActorWarden.Processes.Tests.Support;

namespace ActorWarden.Processes.Tests.Linux;

/// <summary>
/// Where a wait for a child's pipe continues: on the thread pool while there is something to read, and
/// on the pipes' own thread only when the pipe is empty and hung up, so that the reader just meets
/// the end of its stream (two per exit of every child) without a hand-off.
/// </summary>
public sealed class PipeReadinessTests
{
    private const string PipesThread = "actorwarden-pipes";

    [Fact]
    public async Task A_pipe_with_bytes_to_read_continues_on_the_thread_pool()
    {
        var (stream, writer) = TestPipes.Open();
        using (stream)
        using (writer)
        {
            var waited = ContinuationThread(stream);
            writer.Write("line\n"u8);
            writer.Dispose();

            var (name, isPool) = await waited.WaitAsync(TimeSpan.FromSeconds(10));

            name.Should().NotBe(PipesThread);
            isPool.Should().BeTrue();
        }
    }

    [Fact]
    public async Task An_empty_pipe_whose_writers_are_gone_ends_on_the_pipes_thread_and_reads_its_end()
    {
        var (stream, writer) = TestPipes.Open();
        using (stream)
        {
            var waited = ContinuationThread(stream);
            writer.Dispose();

            var (name, _) = await waited.WaitAsync(TimeSpan.FromSeconds(10));

            name.Should().Be(PipesThread);
            (await stream.ReadAsync(new byte[16])).Should().Be(0, "the end of the stream");
        }
    }

    /// <summary>The thread the continuation of one wait for <paramref name="stream"/> ran on.</summary>
    private static async Task<(string? Name, bool IsPool)> ContinuationThread(PipeReadStream stream)
    {
        await stream.WaitReadableAsync(CancellationToken.None).ConfigureAwait(false);
        return (Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread);
    }
}
