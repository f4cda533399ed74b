using System.Net;
using System.Net.Sockets;
using ActorWarden.Processes;
using ActorWarden.Supervision.Health;
using ActorWarden.Config;

namespace ActorWarden.Supervision.Tests.Health;

public sealed class TcpHealthProbeTests
{
    private static IHealthProbe Probe(int port) =>
        HealthProbeFactory.Create(new HealthSpec { Type = HealthCheckType.Tcp, Host = "127.0.0.1", Port = port.ToString() }, ProcessLauncher.ForCurrentOs());

    [Fact]
    public async Task An_accepting_port_is_healthy()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var result = await Probe(((IPEndPoint)listener.LocalEndpoint).Port).ProbeAsync(CancellationToken.None);

            result.Healthy.Should().BeTrue(result.Detail);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task A_closed_port_is_unhealthy()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await Probe(port).ProbeAsync(CancellationToken.None);

        result.Healthy.Should().BeFalse();
        result.Detail.Should().Contain($"127.0.0.1:{port}");
    }
}
