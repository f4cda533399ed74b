using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorWarden.Config;

namespace ActorWarden.Cluster.Hosting;

/// <summary>
/// Looks at the node's TLS certificate before the actor system starts, the way Akka's transport will
/// use it: Akka reports a missing file, a wrong password or a missing key as a stack trace from deep
/// in its startup, and takes a certificate good for only one end of a connection, whose handshakes
/// then all fail. A folder (Akka picks its newest certificate itself) is only checked to exist.
/// </summary>
public static class ClusterCertificateCheck
{
    private const string Key = "warden.cluster.tls.certificate";
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>What is wrong with <paramref name="tls"/>'s certificate at <paramref name="now"/>, as one line naming the key and the file; null when it will do.</summary>
    public static string? Problem(ClusterTlsSpec tls, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tls);
        if (!tls.Enabled || Directory.Exists(tls.Certificate))
        {
            return null;
        }

        if (!File.Exists(tls.Certificate))
        {
            return $"{Key}: \"{tls.Certificate}\" does not exist";
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(tls.Certificate, tls.CertificatePassword);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return $"{Key}: \"{tls.Certificate}\" cannot be read as PKCS#12 with warden.cluster.tls.certificate-password: {ex.Message}";
        }

        using (certificate)
        {
            return Problem(certificate, now) is { } problem ? $"{Key}: \"{tls.Certificate}\" {problem}" : null;
        }
    }

    private static string? Problem(X509Certificate2 certificate, DateTimeOffset now)
    {
        if (!certificate.HasPrivateKey)
        {
            return "holds no private key (export the certificate with its key)";
        }

        if (now < certificate.NotBefore || now > certificate.NotAfter)
        {
            return $"is valid only from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}";
        }

        // Each node is the server of the connections it accepts and, with mutual authentication, the
        // client of those it opens; a certificate without usage restrictions is good for both.
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault()?.EnhancedKeyUsages;
        if (usages is not null)
        {
            var oids = usages.Cast<Oid>().Select(o => o.Value).ToHashSet();
            if (!oids.Contains(ServerAuthentication) || !oids.Contains(ClientAuthentication))
            {
                return "is not allowed for both server and client authentication (extendedKeyUsage = serverAuth, clientAuth): nodes authenticate each other both ways";
            }
        }

        return null;
    }
}
