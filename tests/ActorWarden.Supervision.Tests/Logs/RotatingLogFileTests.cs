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
                    file.Flush();
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
    public void A_line_bigger_than_the_limit_still_gets_written()
    {
        var path = Path.Combine(_folder, "c.out.log");
        using (var file = new RotatingLogFile(path, maxSize: 10, keep: 1))
        {
            file.WriteLine(Line(1));
        }

        new FileInfo(path).Length.Should().Be(100);
    }
}
