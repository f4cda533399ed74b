namespace ActorWarden.ControlPlane.Client;

/// <summary>
/// A loopback address and port as <see cref="LoopbackConnection"/> connects to it: the address in
/// network order, 4 bytes (127.x.y.z) or 16 (::1). Read from the URI by hand rather than through
/// IPAddress, whose parser ReadyToRun leaves to the JIT (a dozen methods, two fully optimized, in a
/// process that lives for tens of milliseconds).
/// </summary>
internal sealed record LoopbackEndpoint(byte[] Address, int Port)
{
    public bool IsIPv6 => Address.Length == 16;

    /// <summary>The endpoint of <paramref name="uri"/> when it is http to a loopback address or localhost; else null.</summary>
    public static LoopbackEndpoint? Of(Uri uri)
    {
        if (uri.Scheme != Uri.UriSchemeHttp)
        {
            return null;
        }

        return uri.HostNameType switch
        {
            UriHostNameType.IPv4 when IPv4(uri.Host) is [127, _, _, _] address => new LoopbackEndpoint(address, uri.Port),
            UriHostNameType.IPv6 when uri.Host == "[::1]" => new LoopbackEndpoint([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], uri.Port),
            UriHostNameType.Dns when uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) => new LoopbackEndpoint([127, 0, 0, 1], uri.Port),
            _ => null,
        };
    }

    /// <summary>The four octets of a dotted-decimal address as <see cref="Uri"/> writes its host (it has checked and canonicalized it).</summary>
    private static byte[]? IPv4(string host)
    {
        var octets = new byte[4];
        var octet = 0;
        var value = 0;
        var digits = 0;
        foreach (var c in host)
        {
            if (c == '.')
            {
                if (digits == 0 || octet == 3)
                {
                    return null;
                }

                octets[octet++] = (byte)value;
                value = 0;
                digits = 0;
            }
            else if (c is >= '0' and <= '9' && digits < 3)
            {
                value = (value * 10) + (c - '0');
                digits++;
                if (value > 255)
                {
                    return null;
                }
            }
            else
            {
                return null;
            }
        }

        if (digits == 0 || octet != 3)
        {
            return null;
        }

        octets[3] = (byte)value;
        return octets;
    }
}
