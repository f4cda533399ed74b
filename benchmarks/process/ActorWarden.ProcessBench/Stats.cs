using System.Globalization;

namespace ActorWarden.ProcessBench;

/// <summary>Order statistics of a sample (nearest-rank percentiles), in the sample's own unit.</summary>
internal sealed record Summary(int Count, double Min, double P50, double P90, double P99, double Max, double Mean)
{
    public static readonly Summary Empty = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    public static Summary Of(IEnumerable<double> values)
    {
        var a = values.Where(v => !double.IsNaN(v)).ToArray();
        if (a.Length == 0)
        {
            return Empty;
        }

        Array.Sort(a);
        return new Summary(a.Length, a[0], Pct(a, 50), Pct(a, 90), Pct(a, 99), a[^1], a.Average());
    }

    /// <summary>Nearest-rank percentile of a sorted array.</summary>
    public static double Pct(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IEnumerable<double> values) => Of(values).P50;
}

internal static class Fmt
{
    public static string Us(double v) => double.IsNaN(v) ? "n/a" : v switch
    {
        >= 1_000_000 => (v / 1_000_000).ToString("0.00", CultureInfo.InvariantCulture) + " s",
        >= 10_000 => (v / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " ms",
        >= 1000 => (v / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        _ => v.ToString("0", CultureInfo.InvariantCulture) + " µs",
    };

    public static string N(double v, string format = "0.0") => double.IsNaN(v) || double.IsInfinity(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);

    public static string Mb(long kb) => kb < 0 ? "n/a" : (kb / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    public static string Ratio(double v) => double.IsNaN(v) || double.IsInfinity(v) ? "n/a" : v.ToString("0.00", CultureInfo.InvariantCulture) + "x";

    public static string Pass(bool? ok) => ok switch { true => "**PASS**", false => "**FAIL**", null => "n/a" };
}
