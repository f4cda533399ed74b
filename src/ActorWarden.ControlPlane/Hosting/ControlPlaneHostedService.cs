using Microsoft.Extensions.Hosting;

namespace ActorWarden.ControlPlane.Hosting;

/// <summary>
/// Runs a <see cref="ControlPlaneServer"/> as part of a Microsoft.Extensions.Hosting host, so it starts
/// and stops with the host's lifetime and a bind failure fails the host's start.
/// </summary>
public sealed class ControlPlaneHostedService : IHostedService, IAsyncDisposable
{
    private readonly ControlPlaneServer _server;

    public ControlPlaneHostedService(ControlPlaneServer server)
    {
        _server = server ?? throw new ArgumentNullException(nameof(server));
    }

    public ControlPlaneServer Server => _server;

    public Task StartAsync(CancellationToken cancellationToken) => _server.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _server.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
