using System.Globalization;
using System.Text;

namespace ActorWarden.ProcessBench;

/// <summary>Hand-written SVG charts (no packages): grouped bars on a log scale.</summary>
internal static class Svg
{
    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Esc(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// Grouped bars: one group per category, one bar per series, log10 y axis in µs with labels in
    /// µs/ms/s. Missing values (NaN) are left out of their group.
    /// </summary>
    public static string GroupedLogBars(string title, string subtitle, string yLabel, IReadOnlyList<string> categories,
        IReadOnlyList<string> series, Func<int, int, double> value, IReadOnlyList<string>? notes = null)
    {
        const int w = 860, h = 480, left = 90, right = 20, top = 70, bottom = 90;
        var colors = new[] { "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f" };
        var all = new List<double>();
        for (var c = 0; c < categories.Count; c++)
        {
            for (var s = 0; s < series.Count; s++)
            {
                var v = value(c, s);
                if (!double.IsNaN(v) && v > 0)
                {
                    all.Add(v);
                }
            }
        }

        var lo = Math.Floor(Math.Log10(all.Count > 0 ? all.Min() : 1));
        var hi = Math.Ceiling(Math.Log10(all.Count > 0 ? all.Max() : 10));
        if (hi <= lo)
        {
            hi = lo + 1;
        }

        var plotH = h - top - bottom;
        var plotW = w - left - right;
        double Y(double v) => top + plotH - (Math.Log10(v) - lo) / (hi - lo) * plotH;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"<rect width=\"{w}\" height=\"{h}\" fill=\"white\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{w / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">{Esc(title)}</text>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{w / 2}\" y=\"44\" text-anchor=\"middle\" fill=\"#555\">{Esc(subtitle)}</text>\n");
        for (var e = lo; e <= hi; e++)
        {
            var y = Y(Math.Pow(10, e));
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{w - right}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"#ddd\"/>\n");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 8}\" y=\"{F(y + 4)}\" text-anchor=\"end\">{Esc(Fmt.Us(Math.Pow(10, e)))}</text>\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(20,{top + plotH / 2}) rotate(-90)\" text-anchor=\"middle\">{Esc(yLabel)}</text>\n");
        var groupW = plotW / (double)Math.Max(1, categories.Count);
        var barW = groupW * 0.7 / Math.Max(1, series.Count);
        for (var c = 0; c < categories.Count; c++)
        {
            var gx = left + c * groupW + groupW * 0.15;
            for (var s = 0; s < series.Count; s++)
            {
                var v = value(c, s);
                if (double.IsNaN(v) || v <= 0)
                {
                    continue;
                }

                var y = Y(v);
                var x = gx + s * barW;
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(barW - 2)}\" height=\"{F(top + plotH - y)}\" fill=\"{colors[s % colors.Length]}\"><title>{Esc(categories[c])} {Esc(series[s])}: {Esc(Fmt.Us(v))}</title></rect>\n");
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + barW / 2 - 1)}\" y=\"{F(y - 4)}\" text-anchor=\"middle\" font-size=\"10\">{Esc(Fmt.Us(v))}</text>\n");
            }

            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(left + c * groupW + groupW / 2)}\" y=\"{top + plotH + 18}\" text-anchor=\"middle\" font-weight=\"bold\">{Esc(categories[c])}</text>\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{w - right}\" y1=\"{top + plotH}\" y2=\"{top + plotH}\" stroke=\"#333\"/>\n");
        for (var s = 0; s < series.Count; s++)
        {
            var lx = left + s * 110;
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{lx}\" y=\"{top + plotH + 34}\" width=\"12\" height=\"12\" fill=\"{colors[s % colors.Length]}\"/>\n");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{lx + 16}\" y=\"{top + plotH + 44}\">{Esc(series[s])}</text>\n");
        }

        var ny = top + plotH + 66;
        foreach (var note in notes ?? [])
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{ny}\" fill=\"#555\" font-size=\"11\">{Esc(note)}</text>\n");
            ny += 14;
        }

        sb.Append("</svg>\n");
        return sb.ToString();
    }

    /// <summary>
    /// Side-by-side panels of simple bars on a linear scale, each with an optional dashed bar (limit) line
    /// per category; for the farm-scale chart.
    /// </summary>
    public static string Panels(string title, string subtitle, IReadOnlyList<string> categories,
        IReadOnlyList<(string Title, Func<int, double> Value, Func<double, string> Format, Func<int, double?> Limit)> panels)
    {
        const int panelW = 420, h = 410, top = 84, bottom = 60, left = 60;
        var w = panelW * panels.Count;
        var plotH = h - top - bottom;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"<rect width=\"{w}\" height=\"{h}\" fill=\"white\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{w / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">{Esc(title)}</text>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{w / 2}\" y=\"44\" text-anchor=\"middle\" fill=\"#555\">{Esc(subtitle)}</text>\n");
        for (var p = 0; p < panels.Count; p++)
        {
            var (ptitle, value, format, limit) = panels[p];
            var x0 = p * panelW + left;
            var plotW = panelW - left - 20;
            var max = 0.0;
            for (var c = 0; c < categories.Count; c++)
            {
                var v = value(c);
                if (!double.IsNaN(v))
                {
                    max = Math.Max(max, v);
                }

                if (limit(c) is { } l)
                {
                    max = Math.Max(max, l);
                }
            }

            max = max <= 0 ? 1 : max * 1.15;
            double Y(double v) => top + plotH - v / max * plotH;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x0 + plotW / 2}\" y=\"{top - 10}\" text-anchor=\"middle\" font-weight=\"bold\">{Esc(ptitle)}</text>\n");
            for (var t = 0; t <= 4; t++)
            {
                var v = max * t / 4;
                sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x0}\" x2=\"{x0 + plotW}\" y1=\"{F(Y(v))}\" y2=\"{F(Y(v))}\" stroke=\"#eee\"/>\n");
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x0 - 6}\" y=\"{F(Y(v) + 4)}\" text-anchor=\"end\" font-size=\"10\">{Esc(format(v))}</text>\n");
            }

            var groupW = plotW / (double)Math.Max(1, categories.Count);
            for (var c = 0; c < categories.Count; c++)
            {
                var v = value(c);
                var bx = x0 + c * groupW + groupW * 0.2;
                var bw = groupW * 0.6;
                if (!double.IsNaN(v))
                {
                    var over = limit(c) is { } l0 && v > l0;
                    sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(bx)}\" y=\"{F(Y(v))}\" width=\"{F(bw)}\" height=\"{F(top + plotH - Y(v))}\" fill=\"{(over ? "#e15759" : "#4e79a7")}\"/>\n");
                    sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(bx + bw / 2)}\" y=\"{F(Y(v) - 4)}\" text-anchor=\"middle\" font-size=\"11\">{Esc(format(v))}</text>\n");
                }

                if (limit(c) is { } l)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(bx - 6)}\" x2=\"{F(bx + bw + 6)}\" y1=\"{F(Y(l))}\" y2=\"{F(Y(l))}\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>\n");
                    sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(bx + bw + 8)}\" y=\"{F(Y(l) + 4)}\" font-size=\"10\" fill=\"#333\">bar {Esc(format(l))}</text>\n");
                }

                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x0 + c * groupW + groupW / 2)}\" y=\"{top + plotH + 18}\" text-anchor=\"middle\">{Esc(categories[c])}</text>\n");
            }

            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x0}\" x2=\"{x0 + plotW}\" y1=\"{top + plotH}\" y2=\"{top + plotH}\" stroke=\"#333\"/>\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{h - 14}\" fill=\"#555\" font-size=\"11\">instances of one service (static C sleeper); dashed: the issue's bar; red: over the bar</text>\n");
        sb.Append("</svg>\n");
        return sb.ToString();
    }
}
