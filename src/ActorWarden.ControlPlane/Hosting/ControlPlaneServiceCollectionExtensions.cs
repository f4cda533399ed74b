using ActorWarden.Contracts.Control;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorWarden.ControlPlane.Hosting;

/// <summary>Registers the control plane in a generic host; the host must also register its <see cref="IWardenControl"/>.</summary>
public static class ControlPlaneServiceCollectionExtensions
{
    public static IServiceCollection AddWardenControlPlane(this IServiceCollection services, ControlPlaneOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(sp => new ControlPlaneServer(
            sp.GetRequiredService<IWardenControl>(),
            options,
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>()));
        services.AddHostedService(sp => new ControlPlaneHostedService(sp.GetRequiredService<ControlPlaneServer>()));
        return services;
    }
}
