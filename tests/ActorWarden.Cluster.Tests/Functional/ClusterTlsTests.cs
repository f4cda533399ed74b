using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Cluster.Tests.Functional;

/// <summary>
/// The node-to-node transport with TLS on, end to end: real `warden run` processes on 127.0.0.1 with
/// certificates made in the test (<see cref="ClusterCertificates"/>), each trusting only its cluster's
/// CA. Nodes holding a certificate of the cluster's CA form the cluster over TLS; a node with a
/// certificate of another CA, or without TLS, is refused in the handshake and hosts nothing.
/// </summary>
public sealed class ClusterTlsTests
{
    private const string ClusterCa = "cluster-ca";
    private const string OtherCa = "other-ca";

    private const string Web = """
            web { placement = cluster, instances = 4, command = sleep, args = ["1000"], stop.timeout = 3s }
        """;

    [Fact]
    public async Task Nodes_with_certificates_of_the_clusters_CA_form_the_cluster_over_TLS_and_spread_the_farm()
    {
        using var certificates = ClusterCertificates.Create();
        var trust = certificates.TrustOnly(certificates.Authority(ClusterCa));
        var ports = new[] { FreePort.Next(), FreePort.Next() };
        var seeds = ports.Select(p => $"127.0.0.1:{p}").ToArray();
        await using var a = StartNode(ports[0], seeds, Tls(certificates.Node("node-a", ClusterCa)), trust);
        await using var b = StartNode(ports[1], seeds, Tls(certificates.Node("node-b", ClusterCa)), trust);

        var formed = await a.WaitForAsync(
            s => Members(s).Count == 2 && Running(s).Count == 4 && Running(s).Select(i => i.Node).Distinct().Count() == 2,
            TimeSpan.FromSeconds(120),
            "2 members up and 4 web instances running on both");

        Running(formed).Select(i => i.Name).Should().OnlyHaveUniqueItems("each instance runs once");
        Running(formed).Select(i => i.Node).Should().BeSubsetOf(seeds);
        var presented = await ServerCertificateAsync(ports[0]);
        presented.Should().NotBeNull("the remoting port speaks TLS");
        presented!.Issuer.Should().Be(certificates.SubjectOf(ClusterCa));
        presented.Subject.Should().Be("CN=node-a");
    }

    [Fact]
    public async Task A_node_with_another_CAs_certificate_or_without_TLS_is_refused_and_hosts_nothing_of_the_cluster()
    {
        using var certificates = ClusterCertificates.Create();
        var clusterCa = certificates.Authority(ClusterCa);
        var otherCa = certificates.Authority(OtherCa);
        var trust = certificates.TrustOnly(clusterCa);
        var ports = new[] { FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next() };
        var seeds = ports.Take(2).Select(p => $"127.0.0.1:{p}").ToArray();
        await using var a = StartNode(ports[0], seeds, Tls(certificates.Node("node-a", ClusterCa)), trust);
        await using var b = StartNode(ports[1], seeds, Tls(certificates.Node("node-b", ClusterCa)), trust);
        await a.WaitForAsync(
            s => Members(s).Count == 2 && Running(s).Count == 4 && Running(s).Select(i => i.Node).Distinct().Count() == 2,
            TimeSpan.FromSeconds(120),
            "the cluster of 2 formed with 4 web instances");

        // The outsider of another cluster trusts both CAs, so only the members' check of its own
        // certificate (mutual authentication) can keep it out.
        await using var foreign = StartNode(ports[2], seeds, Tls(certificates.Node("foreign", OtherCa)), certificates.TrustOnly(certificates.Bundle("both", clusterCa, otherCa)));
        await using var plain = StartNode(ports[3], seeds, "", trust);

        // Each outsider asks both seeds to join; a member logs each refused handshake (Akka's own words).
        await WaitAsync(
            () => Refused(a, b, "not an SSL/TLS record") && Refused(a, b, "Certificate chain validation failed") && Refused(a, b, "Subject: CN=foreign"),
            TimeSpan.FromSeconds(120),
            "the members refusing the plain node's frames and the foreign node's certificate",
            a,
            b);

        var members = await a.StatusAsync();
        Members(members).Should().BeEquivalentTo(seeds, "neither outsider became a member");
        Running(members).Select(i => i.Name).Should().OnlyHaveUniqueItems().And.HaveCount(4);
        Running(members).Select(i => i.Node).Should().BeSubsetOf(seeds);
        foreach (var outsider in new[] { foreign, plain })
        {
            outsider.HasExited.Should().BeFalse("a refused node keeps running its warden:\n" + outsider.Output);
            var own = await outsider.StatusAsync();
            Members(own).Should().BeEmpty("the outsider is a member of no cluster");
            Running(own).Should().BeEmpty("the outsider hosts none of the cluster's instances");
            outsider.Children().Should().BeEmpty("no process of the cluster's farm runs under the outsider");
        }
    }

    [Fact]
    public async Task A_node_whose_certificate_password_is_wrong_stops_before_starting_with_one_line_naming_the_key()
    {
        using var certificates = ClusterCertificates.Create();
        var trust = certificates.TrustOnly(certificates.Authority(ClusterCa));
        var node = certificates.Node("node-a", ClusterCa);
        var port = FreePort.Next();
        await using var warden = StartNode(port, [$"127.0.0.1:{port}"], Tls(node).Replace(ClusterCertificates.Password, "not-the-password", StringComparison.Ordinal), trust);

        var exitCode = await warden.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exitCode.Should().Be(2, warden.Output);
        warden.Output.Should().Contain($"warden.cluster.tls.certificate: \"{node}\" cannot be read as PKCS#12 with warden.cluster.tls.certificate-password")
            .And.NotContain("   at ", "the operator gets the reason, not a stack trace")
            .And.NotContain("Starting remoting", "nothing started");
    }

    private static RunningWarden StartNode(int port, IReadOnlyList<string> seeds, string tls, IReadOnlyDictionary<string, string> environment) =>
        RunningWarden.Start(Web, $$"""
            cluster {
              enabled = on
              port = {{port}}
              seed-nodes = [{{string.Join(", ", seeds.Select(s => $"\"{s}\""))}}]
              min-nodes = 2
              {{tls}}
            }
            """, environment: environment);

    private static string Tls(string certificate) =>
        $$"""tls { enabled = on, certificate = "{{certificate}}", certificate-password = "{{ClusterCertificates.Password}}" }""";

    private static IReadOnlyList<(string Name, string Node, int Pid)> Running(JsonElement status) => ClusterOfThree.Running(status, "web");

    /// <summary>The members the node sees up.</summary>
    private static IReadOnlyList<string> Members(JsonElement status) =>
        status.TryGetProperty("nodes", out var nodes) && nodes.ValueKind == JsonValueKind.Array
            ? nodes.EnumerateArray().Where(n => n.GetProperty("status").GetString() == "up").Select(n => n.GetProperty("address").GetString()!).ToList()
            : [];

    /// <summary>The certificate the node's remoting port shows a TLS client (the probe shows none, so the node then refuses it).</summary>
    private static async Task<X509Certificate2?> ServerCertificateAsync(int port)
    {
        X509Certificate2? seen = null;
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = "127.0.0.1",
                    RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    {
                        seen = certificate is null ? null : new X509Certificate2(certificate);
                        return true;
                    },
                },
                timeout.Token);
        }
        catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or IOException)
        {
            // The node wants a client certificate; the probe only wanted to see the node's.
        }

        return seen;
    }

    private static bool Refused(RunningWarden a, RunningWarden b, string words) =>
        a.Output.Contains(words, StringComparison.Ordinal) || b.Output.Contains(words, StringComparison.Ordinal);

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what, params RunningWarden[] shown)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"timed out after {timeout} waiting for {what}; output of the members:\n{string.Join("\n---\n", shown.Select(w => w.Output))}");
            }

            await Task.Delay(200);
        }
    }
}
