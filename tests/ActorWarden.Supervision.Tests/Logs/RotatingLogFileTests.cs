using System.Text;
using ActorWarden.Supervision.Logs;

namespace ActorWarden.Supervision.Tests.Logs;

public sealed class RotatingLogFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aw-rotate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] Line(int n) => Encoding.ASCII.GetBytes($"line {n:D5} ".PadRight(99, '.'));

    [Fact]
    public void Rotates_while_writing_and_keeps_only_the_configured_generations()
    {
        var path = Path.Combine(_folder, "sub", "web-1.out.log");
        using (var file = new RotatingLogFile(path, maxSize: 1000, keep: 3))
        {
            for (var n = 0; n < 55; n++)
            {
                file.WriteLine(Line(n));
                if (n == 25)
                {
                    File.Exists(LogFiles.RotatedPath(path, 2)).Should().BeTrue("rotation happens while the file is in use");
                }
            }
        }

        Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName).Should()
            .BeEquivalentTo("web-1.out.log", "web-1.out.log.1", "web-1.out.log.2", "web-1.out.log.3");
        new FileInfo(path).Length.Should().Be(500);
        foreach (var generation in new[] { 1, 2, 3 })
        {
            new FileInfo(LogFiles.RotatedPath(path, generation)).Length.Should().Be(1000);
        }

        File.ReadLines(path).First().Should().StartWith("line 00050");
        File.ReadLines(LogFiles.RotatedPath(path, 1)).First().Should().StartWith("line 00040");
        File.ReadLines(LogFiles.RotatedPath(path, 3)).First().Should().StartWith("line 00020", "the oldest generations were removed");
    }

    [Fact]
    public void Keep_zero_truncates_instead_of_keeping_copies()
    {
        var path = Path.Combine(_folder, "a.out.log");
        using (var file = new RotatingLogFile(path, maxSize: 250, keep: 0))
        {
            for (var n = 0; n < 5; n++)
            {
                file.WriteLine(Line(n));
            }
        }

        Directory.GetFiles(_folder).Should().ContainSingle();
        File.ReadAllLines(path).Should().HaveCount(1).And.Subject.Single().Should().StartWith("line 00004");
    }

    [Fact]
    public async Task Files_of_one_new_folder_opened_at_once_are_all_written()
    {
        // The instances of a service open their files in one folder at the same moment. An open that finds
        // no folder is reported as a missing file when another writer made the folder meanwhile (.NET looks
        // at the folder after the failure), and that first line was lost.
        for (var round = 0; round < 300; round++)
        {
            var folder = Path.Combine(_folder, $"round-{round}", "web");
            var files = Enumerable.Range(1, 8).Select(i => new RotatingLogFile(Path.Combine(folder, $"web-{i}.out.log"), maxSize: 1000, keep: 1)).ToArray();
            using var start = new Barrier(files.Length);
            var writers = files.Select(file => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    file.WriteLine(Line(round));
                },
                TaskCreationOptions.LongRunning)).ToArray();

            await Task.WhenAll(writers);
            foreach (var file in files)
            {
                file.Dispose();
            }

            Directory.GetFiles(folder).Select(f => new FileInfo(f).Length).Should().HaveCount(8).And.OnlyContain(length => length == 100, $"round {round}");
        }
    }

    [Fact]
    public void The_folder_is_made_on_first_write_and_made_again_when_it_was_removed()
    {
        var folder = Path.Combine(_folder, "service");
        var path = Path.Combine(folder, "c.out.log");
        using var file = new RotatingLogFile(path, maxSize: 1000, keep: 1);

        file.WriteLine(Line(1));
        file.Close();
        Directory.Delete(folder, recursive: true);
        file.WriteLine(Line(2));
        file.Close();

        File.ReadAllLines(path).Should().ContainSingle().Which.Should().StartWith("line 00002");
    }

    [Fact]
    public void Appends_to_an_existing_file_and_counts_its_size()
    {
        var path = Path.Combine(_folder, "b.out.log");
        File.WriteAllText(path, new string('x', 899) + "\n");
        using (var file = new RotatingLogFile(path, maxSize: 1000, keep: 1))
        {
            file.WriteLine(Line(1));
            file.WriteLine(Line(2));
        }

        new FileInfo(LogFiles.RotatedPath(path, 1)).Length.Should().Be(1000);
        File.ReadAllLines(path).Should().ContainSingle().Which.Should().StartWith("line 00002");
    }

    [Fact]
    public void Blocks_of_any_size_rotate_exactly_at_the_last_whole_line_that_fits_and_lose_nothing()
    {
        var path = Path.Combine(_folder, "b.out.log");
        var random = new Random(12);
        var text = new StringBuilder();
        for (var n = 0; n < 5000; n++)
        {
            text.Append(n).Append(' ', random.Next(0, 40)).Append('\n');
        }

        var bytes = Encoding.ASCII.GetBytes(text.ToString());
        using (var file = new RotatingLogFile(path, maxSize: 4096, keep: 1000))
        {
            for (var offset = 0; offset < bytes.Length;)
            {
                var length = Math.Min(random.Next(1, 20_000), bytes.Length - offset);
                file.Write(bytes.AsSpan(offset, length));
                offset += length;
            }
        }

        var generations = Directory.GetFiles(_folder, "b.out.log*").Length;
        var files = Enumerable.Range(1, generations - 1).Reverse().Select(g => LogFiles.RotatedPath(path, g)).Append(path).ToList();
        files.SelectMany(File.ReadAllBytes).Should().Equal(bytes, "the files, oldest first, hold exactly what was written");
        for (var i = 0; i < files.Count - 1; i++)
        {
            var content = File.ReadAllBytes(files[i]);
            content.Length.Should().BeLessThanOrEqualTo(4096);
            content[^1].Should().Be((byte)'\n', "a file ends with a whole line");
            var nextLine = Array.IndexOf(File.ReadAllBytes(files[i + 1]), (byte)'\n') + 1;
            (content.Length + nextLine).Should().BeGreaterThan(4096, "the next line did not fit any more");
        }
    }

    [Fact]
    public void A_single_line_longer_than_max_size_is_cut_at_exactly_max_size()
    {
        var path = Path.Combine(_folder, "c.out.log");
        using (var file = new RotatingLogFile(path, maxSize: 1024, keep: 5))
        {
            file.Write("short\n"u8);
            file.Write(Encoding.ASCII.GetBytes(new string('x', 2500) + "\n"));
        }

        File.ReadAllText(LogFiles.RotatedPath(path, 3)).Should().Be("short\n");
        new FileInfo(LogFiles.RotatedPath(path, 2)).Length.Should().Be(1024);
        new FileInfo(LogFiles.RotatedPath(path, 1)).Length.Should().Be(1024);
        File.ReadAllText(path).Should().Be(new string('x', 2500 - 2048) + "\n");
    }
}
