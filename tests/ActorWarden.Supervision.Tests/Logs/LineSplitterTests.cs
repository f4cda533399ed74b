using System.Text;
using ActorWarden.Supervision.Logs;

namespace ActorWarden.Supervision.Tests.Logs;

public sealed class LineSplitterTests
{
    private static List<byte[]> Split(int maxLine, params byte[][] chunks)
    {
        var lines = new List<byte[]>();
        using var splitter = new LineSplitter(maxLine);
        foreach (var chunk in chunks)
        {
            splitter.Feed(chunk, line => lines.Add(line.ToArray()));
        }

        splitter.Flush(line => lines.Add(line.ToArray()));
        return lines;
    }

    private static List<string> SplitText(int maxLine, params string[] chunks) =>
        Split(maxLine, chunks.Select(Encoding.UTF8.GetBytes).ToArray()).Select(Encoding.UTF8.GetString).ToList();

    [Fact]
    public void Lf_and_crlf_both_end_lines_and_the_cr_is_dropped() =>
        SplitText(100, "one\ntwo\r\nthree\r\n").Should().Equal("one", "two", "three");

    [Fact]
    public void Empty_lines_are_kept() =>
        SplitText(100, "a\n\n\r\nb\n").Should().Equal("a", "", "", "b");

    [Fact]
    public void A_last_line_without_newline_is_emitted_at_eof() =>
        SplitText(100, "first\nunterminated").Should().Equal("first", "unterminated");

    [Fact]
    public void Lines_spanning_chunks_are_joined_even_when_crlf_is_torn_apart() =>
        SplitText(100, "hel", "lo\r", "\nwor", "ld\n").Should().Equal("hello", "world");

    [Fact]
    public void Byte_by_byte_feeding_gives_the_same_lines()
    {
        var text = "alpha\r\nbeta\n\ngamma delta\nlast";
        var bytes = Encoding.UTF8.GetBytes(text).Select(b => new[] { b }).ToArray();

        Split(8, bytes).Select(Encoding.UTF8.GetString).Should().Equal(SplitText(8, text));
    }

    [Fact]
    public void A_one_megabyte_line_is_cut_into_max_line_pieces_without_losing_a_byte()
    {
        var line = new byte[1024 * 1024];
        new Random(42).NextBytes(line);
        for (var i = 0; i < line.Length; i++)
        {
            line[i] = (byte)('a' + (line[i] % 26));
        }

        var pieces = Split(64 * 1024, [.. line, (byte)'\n', (byte)'x']);

        pieces.Should().HaveCount(17);
        pieces.Take(16).Should().OnlyContain(p => p.Length == 64 * 1024);
        pieces.Take(16).SelectMany(p => p).Should().Equal(line);
        pieces[16].Should().Equal((byte)'x');
    }

    [Fact]
    public void A_multibyte_character_is_not_torn_at_the_cut()
    {
        var text = new string('a', 9) + "€" + "bc\n";

        var pieces = SplitText(10, text);

        pieces.Should().Equal(new string('a', 9), "€bc");
    }

    [Fact]
    public void Binary_garbage_of_any_kind_is_passed_through_byte_for_byte()
    {
        var random = new Random(7);
        var data = new byte[300_000];
        random.NextBytes(data);
        var chunks = new List<byte[]>();
        for (var offset = 0; offset < data.Length;)
        {
            var size = Math.Min(random.Next(1, 5000), data.Length - offset);
            chunks.Add(data[offset..(offset + size)]);
            offset += size;
        }

        var pieces = Split(1000, [.. chunks]);

        pieces.Should().OnlyContain(p => p.Length <= 1000);
        var newlines = data.Count(b => b == (byte)'\n');
        var crBeforeLf = Enumerable.Range(1, data.Length - 1).Count(i => data[i] == '\n' && data[i - 1] == '\r');
        pieces.Sum(p => (long)p.Length).Should().Be(data.Length - newlines - crBeforeLf);
        _ = pieces.Select(Encoding.UTF8.GetString).ToList();
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x62, 0xE2, 0x82 }, 2)]
    [InlineData(new byte[] { 0x61, 0x62, 0x63, 0xF0 }, 3)]
    [InlineData(new byte[] { 0x61, 0xE2, 0x82, 0xAC }, 4)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80 }, 5)]
    [InlineData(new byte[] { 0x61, 0x62, 0x63, 0x64 }, 4)]
    public void The_cut_point_keeps_an_incomplete_trailing_character_for_the_next_piece(byte[] buffer, int cut) =>
        LineSplitter.Utf8CutPoint(buffer).Should().Be(cut);
}
