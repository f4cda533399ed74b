using System.Globalization;
using System.Numerics;

namespace ActorWarden.Hocon.Tests.Conformance;

/// <summary>Checks every row of the corpus's units/*.tsv through the typed getters (GetDuration, GetBytes, GetPeriod).</summary>
public sealed class UnitTableTests
{
    private static readonly HoconParseOptions NoEnv = new() { UseEnvironment = false };

    public static TheoryData<int, string> DurationRows() => Rows("units/duration.tsv");

    public static TheoryData<int, string> BytesRows() => Rows("units/bytes.tsv");

    public static TheoryData<int, string> PeriodRows() => Rows("units/period.tsv");

    [Theory]
    [MemberData(nameof(DurationRows))]
    public void Duration_row(int line, string value)
    {
        var columns = Columns("units/duration.tsv", line, value);
        var config = HoconParser.ParseString("v = " + columns[0], "duration.tsv", NoEnv);
        if (columns[1] == "ERROR")
        {
            config.Invoking(c => c.GetDuration("v")).Should().Throw<HoconException>().WithMessage("*v: expected a duration*");
            config.Invoking(c => c.GetDurationNanoseconds("v")).Should().Throw<HoconException>();
            return;
        }

        var nanos = long.Parse(columns[1], CultureInfo.InvariantCulture);
        config.GetDurationNanoseconds("v").Should().Be(nanos);
        config.GetDuration("v").Should().Be(TimeSpan.FromTicks(nanos / 100));
    }

    [Theory]
    [MemberData(nameof(BytesRows))]
    public void Bytes_row(int line, string value)
    {
        var columns = Columns("units/bytes.tsv", line, value);
        var config = HoconParser.ParseString("v = " + columns[0], "bytes.tsv", NoEnv);
        if (columns[1] == "ERROR")
        {
            config.Invoking(c => c.GetBytes("v")).Should().Throw<HoconException>().WithMessage("*v: expected a size in bytes*");
            config.Invoking(c => c.GetBytesBig("v")).Should().Throw<HoconException>();
            return;
        }

        var expected = BigInteger.Parse(columns[1], CultureInfo.InvariantCulture);
        config.GetBytesBig("v").Should().Be(expected);
        if (columns[2] == "yes")
        {
            config.GetBytes("v").Should().Be((long)expected);
        }
        else
        {
            config.Invoking(c => c.GetBytes("v")).Should().Throw<HoconException>().WithMessage("*out of range*");
        }
    }

    [Theory]
    [MemberData(nameof(PeriodRows))]
    public void Period_row(int line, string value)
    {
        var columns = Columns("units/period.tsv", line, value);
        var config = HoconParser.ParseString("v = " + columns[0], "period.tsv", NoEnv);
        if (columns[1] == "ERROR")
        {
            config.Invoking(c => c.GetPeriod("v")).Should().Throw<HoconException>().WithMessage("*v: expected a period*");
            return;
        }

        config.GetPeriod("v").ToString().Should().Be(columns[1]);
    }

    private static TheoryData<int, string> Rows(string table)
    {
        var data = new TheoryData<int, string>();
        if (ConformanceCorpus.Folder is null)
        {
            data.Add(0, "corpus-missing");
            return data;
        }

        foreach (var (line, columns) in ConformanceCorpus.ReadTable(table))
        {
            data.Add(line, columns[0]);
        }

        return data;
    }

    private static string[] Columns(string table, int line, string value)
    {
        var folder = ConformanceCorpus.RequireFolder();
        var columns = File.ReadAllLines(Path.Combine(folder, table))[line - 1].Split('\t');
        columns[0].Should().Be(value);
        return columns;
    }
}
