using System.Globalization;

namespace ActorWarden.Simulation.Clustering;

/// <summary>
/// A node as operators spell it (host:port) and Akka's address order over such nodes: host first
/// (ordinal), then port as a number. Keep-majority breaks a tie between equal halves with it: the
/// half holding the lowest address survives.
/// </summary>
public static class NodeAddress
{
    /// <summary>Orders host:port texts as Akka orders member addresses.</summary>
    public static IComparer<string> Order { get; } = Comparer<string>.Create(Compare);

    /// <summary>True when <paramref name="text"/> is host:port with a port in 1..65535.</summary>
    public static bool TryParse(string text, out (string Host, int Port) address)
    {
        address = default;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        address = (text[..colon], port);
        return true;
    }

    private static int Compare(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return string.CompareOrdinal(a, b);
        }

        TryParse(a, out var x);
        TryParse(b, out var y);
        var host = string.CompareOrdinal(x.Host, y.Host);
        return host != 0 ? host : x.Port.CompareTo(y.Port);
    }
}
