using ActorWarden.Supervision.Control;
using ActorWarden.Supervision.Specs;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Runtime;

[Trait("Category", "RealProcess")]
public sealed class OutputFloodTests
{
    [Fact]
    public async Task A_child_writing_100_MB_fast_to_stdout_keeps_the_warden_memory_bounded()
    {
        await using var warden = await RealWarden.StartAsync(folder => RealWarden.Settings(folder,
            RealWarden.Shell("flood", "yes 'the quick brown fox jumps over the lazy dog 0123456789' | head -c 100000000; exit 0", folder, s => s with
            {
                Restart = RestartPolicy.Never,
                Logs = new LogSpec { Enabled = true, Directory = Path.Combine(folder, "logs"), MaxSizeBytes = 8L * 1024 * 1024, Keep = 2 },
            })));
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;

        await RealWarden.Eventually(
            async () =>
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                return (await warden.StatusAsync("flood")).State == ProcessState.Exited;
            },
            TimeSpan.FromSeconds(60),
            "the flood to end");

        (peak - baseline).Should().BeLessThan(200L * 1024 * 1024, "the log pipeline is bounded, whatever the child writes");
        var files = Directory.GetFiles(Path.Combine(warden.Folder, "logs"), "flood.out.log*");
        files.Should().NotBeEmpty();
        files.Sum(f => new FileInfo(f).Length).Should().BeLessThanOrEqualTo(3L * 9 * 1024 * 1024, "rotation keeps the current file and two old ones");
        (await warden.StatusAsync("flood")).LastExitCode.Should().Be(0);
    }
}
