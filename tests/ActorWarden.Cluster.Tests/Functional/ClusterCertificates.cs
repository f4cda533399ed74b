using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorWarden.Cluster.Tests.Functional;

/// <summary>
/// Certificates made in the test, as an operator would make them for a cluster (docs/cluster.md,
/// "Security"): a private CA per cluster and, per node, a certificate it signs for 127.0.0.1 and
/// localhost, good for both ends of a connection, written as a password-protected PKCS#12 file (0600).
/// Everything lives in one temp folder, deleted on dispose; the machine's trust store is never touched:
/// a node trusts a CA through SSL_CERT_FILE (<see cref="TrustOnly"/>), which .NET reads on Linux.
/// </summary>
internal sealed class ClusterCertificates : IDisposable
{
    /// <summary>The password of every PKCS#12 file made here.</summary>
    public const string Password = "test-only-pfx-password";

    private readonly Dictionary<string, X509Certificate2> _authorities = new();

    private ClusterCertificates(string directory) => Directory = directory;

    public string Directory { get; }

    public static ClusterCertificates Create() => new(System.IO.Directory.CreateTempSubdirectory("warden-tls-").FullName);

    /// <summary>A new CA named <paramref name="name"/> (the certificate authority of one cluster); its certificate as PEM at the returned path.</summary>
    public string Authority(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        var authority = request.CreateSelfSigned(now.AddHours(-1), now.AddDays(2));
        _authorities.Add(name, authority);
        var path = System.IO.Path.Combine(Directory, name + ".pem");
        File.WriteAllText(path, authority.ExportCertificatePem() + "\n");
        return path;
    }

    /// <summary>
    /// A node certificate for 127.0.0.1 and localhost signed by the CA <paramref name="authority"/>, as a
    /// PKCS#12 file (0600) with its key; a faulty one (for the load-time check) is made only for server
    /// authentication, or written without its key.
    /// </summary>
    public string Node(string name, string authority, bool serverOnly = false, bool withKey = true)
    {
        var issuer = _authorities[authority];
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));

        // A node is the server of the connections it accepts and the client of those it opens; with
        // mutual authentication its certificate serves both.
        var usages = new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") };
        if (!serverOnly)
        {
            usages.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var now = DateTimeOffset.UtcNow;
        using var signed = request.Create(issuer, now.AddMinutes(-30), now.AddDays(1), serial);
        using var keyed = signed.CopyWithPrivateKey(key);
        var path = System.IO.Path.Combine(Directory, name + ".pfx");
        using (var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = OperatingSystem.IsWindows() ? null : UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            file.Write((withKey ? keyed : signed).Export(X509ContentType.Pkcs12, Password));
        }

        return path;
    }

    /// <summary>One PEM file holding the CAs named, for a node that trusts several.</summary>
    public string Bundle(string name, params string[] pemPaths)
    {
        var path = System.IO.Path.Combine(Directory, name + ".pem");
        File.WriteAllText(path, string.Concat(pemPaths.Select(File.ReadAllText)));
        return path;
    }

    /// <summary>
    /// The environment that makes a warden trust exactly the CAs in <paramref name="pemFile"/>: .NET on
    /// Linux builds chains from OpenSSL's default locations and honours SSL_CERT_FILE and SSL_CERT_DIR
    /// (the directory is pointed at this empty-of-CAs folder, so the machine's roots do not count).
    /// </summary>
    public IReadOnlyDictionary<string, string> TrustOnly(string pemFile)
    {
        var noRoots = System.IO.Path.Combine(Directory, "no-roots");
        System.IO.Directory.CreateDirectory(noRoots);
        return new Dictionary<string, string> { ["SSL_CERT_FILE"] = pemFile, ["SSL_CERT_DIR"] = noRoots };
    }

    /// <summary>The issuer's subject of the CA <paramref name="authority"/>, as a peer's certificate names it.</summary>
    public string SubjectOf(string authority) => _authorities[authority].Subject;

    public void Dispose()
    {
        foreach (var authority in _authorities.Values)
        {
            authority.Dispose();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
