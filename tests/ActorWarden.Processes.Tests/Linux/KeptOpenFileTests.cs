using System.Text;
using ActorWarden.Processes.Linux;
using ActorWarden.Processes.Linux.Cgroups;
using ActorWarden.Processes.Tests.Support;

namespace ActorWarden.Processes.Tests.Linux;

/// <summary>A file kept open and read from its start each time: fresh text, the lifetime of its descriptor, and reads racing its close.</summary>
public sealed class KeptOpenFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("aw-kept-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Each_read_starts_at_the_beginning_and_sees_the_text_as_it_is_now()
    {
        var path = Path.Combine(_directory, "events");
        File.WriteAllText(path, "populated 1\nfrozen 0\n");
        using var kept = new KeptOpenFile(path);

        Text(kept).Should().Be("populated 1\nfrozen 0\n");
        Text(kept).Should().Be("populated 1\nfrozen 0\n", "a second read starts at offset 0 again");
        File.WriteAllText(path, "populated 0\nfrozen 0\n");
        Text(kept).Should().Be("populated 0\nfrozen 0\n");
    }

    [Fact]
    public async Task A_cgroup_file_read_in_one_piece_has_its_whole_text()
    {
        using var scope = new ContainedScope(ContainmentSetting.V2);
        var child = scope.Start(ChildScope.Shell("sleep 0.2") with { ContainmentName = "piece:0" });
        var path = Path.Combine(((LinuxChildProcess)child).Group!.Membership, "cpu.stat");
        using var whole = new KeptOpenFile(path);
        using var inOnePiece = new KeptOpenFile(path, inOnePiece: true);
        await Await.Within(child.Exited);

        Text(inOnePiece).Should().Be(Text(whole), "the group is empty, so its cpu.stat no longer changes");
        Text(inOnePiece).Should().StartWith("usage_usec ").And.Contain("\nsystem_usec ", "every line, not a first piece of the text");
    }

    [Fact]
    public async Task A_cgroup_file_is_regenerated_at_each_read_of_one_descriptor()
    {
        using var scope = new ContainedScope(ContainmentSetting.V2);
        var child = scope.Start(ChildScope.Shell("sleep 0.5") with { ContainmentName = "kept:0" });
        using var kept = new KeptOpenFile(Path.Combine(((LinuxChildProcess)child).Group!.Membership, "cgroup.events")).OpenNow();

        Text(kept).Should().StartWith("populated 1\n");
        await Await.Within(child.Exited);

        Text(kept).Should().StartWith("populated 0\n", "the kernel writes the file anew for a read from its start");
    }

    [Fact]
    public void A_missing_file_reads_as_absent_until_it_exists_and_a_removed_one_as_absent_again()
    {
        var path = Path.Combine(_directory, "later");
        using var kept = new KeptOpenFile(path);

        kept.Read(new byte[64]).Should().Be(-1);
        File.WriteAllText(path, "usage_usec 42\n");
        Text(kept).Should().Be("usage_usec 42\n");
    }

    [Fact]
    public void After_it_is_given_up_it_is_read_by_its_path_and_holds_no_descriptor()
    {
        var path = Path.Combine(_directory, "stat");
        File.WriteAllText(path, "usage_usec 7\n");
        var kept = new KeptOpenFile(path).OpenNow();
        OpenDescriptorsOf(path).Should().Be(1);

        kept.Dispose();

        OpenDescriptorsOf(path).Should().Be(0);
        Text(kept).Should().Be("usage_usec 7\n");
        OpenDescriptorsOf(path).Should().Be(0, "a read after the close opens and closes the file itself");
        kept.Acquire().Should().BeNull("a spawn then opens the directory itself");
    }

    [Fact]
    public async Task Reads_racing_its_close_never_read_another_file_through_a_reused_descriptor()
    {
        // A plain int descriptor closed under a reader could be reused at once by another open, and the
        // reader would then read that file. Other threads open files all the time here to make that likely.
        for (var round = 0; round < 200; round++)
        {
            var path = Path.Combine(_directory, $"kept-{round}");
            File.WriteAllText(path, "kept\n");
            var other = Path.Combine(_directory, $"other-{round}");
            File.WriteAllText(other, "other\n");
            var kept = new KeptOpenFile(path).OpenNow();
            using var stop = new CancellationTokenSource();
            var seen = new List<string>[2] { new(), new() };
            var readers = Enumerable.Range(0, 2).Select(i => Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    seen[i].Add(Text(kept));
                }
            })).ToList();
            var opener = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    using var handle = File.OpenHandle(other);
                }
            });

            await Task.Delay(1);
            kept.Dispose();
            await Task.Delay(1);
            stop.Cancel();
            await Task.WhenAll(readers.Append(opener));

            seen.SelectMany(s => s).Should().OnlyContain(text => text == "kept\n", $"round {round}");
        }
    }

    private static string Text(KeptOpenFile kept)
    {
        var buffer = new byte[4096];
        var length = kept.Read(buffer);
        length.Should().BeGreaterThanOrEqualTo(0, $"{kept.Path} can be read");
        return Encoding.ASCII.GetString(buffer, 0, length);
    }

    private static int OpenDescriptorsOf(string path) =>
        Directory.GetFileSystemEntries("/proc/self/fd").Count(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget == path;
            }
            catch (IOException)
            {
                return false;
            }
        });
}
