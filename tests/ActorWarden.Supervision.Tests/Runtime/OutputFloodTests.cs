using System.Globalization;
using ActorWarden.Config;
using ActorWarden.Supervision.Logs;
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
                // The flood may be over in well under the default start-seconds (1 s), which would make it a failed start.
                StartSeconds = TimeSpan.Zero,
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

    [Fact]
    public async Task A_seq_flood_loses_no_line_across_rotations_because_the_child_waits_for_the_file()
    {
        const int Lines = 2_000_000;
        await using var warden = await RealWarden.StartAsync(folder => RealWarden.Settings(folder,
            RealWarden.Shell("seq", $"seq 1 {Lines}", folder, s => s with
            {
                Restart = RestartPolicy.Never,
                StartSeconds = TimeSpan.Zero,
                Logs = new LogSpec { Enabled = true, Directory = Path.Combine(folder, "logs"), MaxSizeBytes = 512 * 1024, Keep = 100, BufferBytes = 64 * 1024 },
            })));
        var spec = new LogSpec { Directory = Path.Combine(warden.Folder, "logs") };
        var current = LogFiles.PathFor(spec, "seq", LogStream.Stdout);

        await warden.WaitForState("seq", ProcessState.Exited, TimeSpan.FromSeconds(60));
        await RealWarden.Eventually(
            () => Task.FromResult(File.Exists(current) && File.ReadLines(current).LastOrDefault() == Lines.ToString(CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(30),
            "the last line to reach the file");

        var rotated = 0;
        while (File.Exists(LogFiles.RotatedPath(current, rotated + 1)))
        {
            rotated++;
        }

        rotated.Should().BeGreaterThan(20, "the flood crossed many rotations").And.BeLessThan(100, "every generation is kept, so every line can be checked");
        var files = Enumerable.Range(1, rotated).Reverse().Select(g => LogFiles.RotatedPath(current, g)).Append(current).ToList();
        var expected = 1L;
        foreach (var file in files)
        {
            new FileInfo(file).Length.Should().BeLessThanOrEqualTo(512 * 1024, "rotation is exact by size");
            foreach (var line in File.ReadLines(file))
            {
                long.Parse(line, CultureInfo.InvariantCulture).Should().Be(expected, "lines are consecutive across rotations ({0})", Path.GetFileName(file));
                expected++;
            }
        }

        expected.Should().Be(Lines + 1L, "all {0} lines are there", Lines);
    }
}
