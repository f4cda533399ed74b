using ActorWarden.Cluster.Hosting;
using ActorWarden.Cluster.Tests.Functional;
using ActorWarden.Config;

namespace ActorWarden.Cluster.Tests.Hosting;

/// <summary>A node's certificate is checked before Akka starts, with one line that names the key and the file.</summary>
public sealed class ClusterCertificateCheckTests : IDisposable
{
    private readonly ClusterCertificates _certificates = ClusterCertificates.Create();

    public ClusterCertificateCheckTests() => _certificates.Authority("ca");

    [Fact]
    public void A_node_certificate_of_the_CA_with_its_key_and_both_usages_will_do()
    {
        ClusterCertificateCheck.Problem(Tls(_certificates.Node("node", "ca")), DateTimeOffset.UtcNow).Should().BeNull();
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var missing = Path.Combine(_certificates.Directory, "missing.pfx");

        ClusterCertificateCheck.Problem(Tls(missing), DateTimeOffset.UtcNow).Should().Be($"warden.cluster.tls.certificate: \"{missing}\" does not exist");
    }

    [Fact]
    public void A_wrong_password_is_reported_against_the_password_key()
    {
        var node = _certificates.Node("node", "ca");

        ClusterCertificateCheck.Problem(Tls(node) with { CertificatePassword = "wrong" }, DateTimeOffset.UtcNow)
            .Should().StartWith($"warden.cluster.tls.certificate: \"{node}\" cannot be read as PKCS#12 with warden.cluster.tls.certificate-password");
    }

    [Fact]
    public void A_certificate_without_its_key_is_refused()
    {
        ClusterCertificateCheck.Problem(Tls(_certificates.Node("node", "ca", withKey: false)), DateTimeOffset.UtcNow).Should().Contain("holds no private key");
    }

    [Fact]
    public void A_certificate_only_for_servers_is_refused_because_nodes_authenticate_both_ways()
    {
        ClusterCertificateCheck.Problem(Tls(_certificates.Node("node", "ca", serverOnly: true)), DateTimeOffset.UtcNow).Should().Contain("both server and client authentication");
    }

    [Fact]
    public void An_expired_certificate_is_refused_with_its_validity()
    {
        ClusterCertificateCheck.Problem(Tls(_certificates.Node("node", "ca")), DateTimeOffset.UtcNow.AddDays(3)).Should().Contain("is valid only from");
    }

    [Fact]
    public void Nothing_is_read_when_tls_is_off()
    {
        ClusterCertificateCheck.Problem(new ClusterTlsSpec { Enabled = false, Certificate = "/nowhere.pfx" }, DateTimeOffset.UtcNow).Should().BeNull();
    }

    public void Dispose() => _certificates.Dispose();

    private static ClusterTlsSpec Tls(string certificate) =>
        new() { Enabled = true, Certificate = certificate, CertificatePassword = ClusterCertificates.Password };
}
