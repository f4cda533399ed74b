using System.Net.Sockets;
using System.Net;
using ActorWarden.Contracts.Control;
using ActorWarden.ControlPlane.Endpoints;
using ActorWarden.ControlPlane.Events;
using ActorWarden.ControlPlane.Http;
using ActorWarden.ControlPlane.Logging;
using ActorWarden.ControlPlane.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;

namespace ActorWarden.ControlPlane;

/// <summary>
/// The warden's HTTP control plane on Kestrel: JSON API, server-sent events, log tails, /metrics and
/// the status page, all behind one bearer token. It owns its own small web host so it can run inside
/// any host (console, systemd, SCM, a generic host via <see cref="Hosting.ControlPlaneHostedService"/>)
/// or standalone in tests, and it talks to the supervision tree only through <see cref="IWardenControl"/>.
/// </summary>
public sealed class ControlPlaneServer : IAsyncDisposable
{
    private readonly IWardenControl _control;
    private readonly ControlPlaneOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private WebApplication? _app;
    private RecentEvents? _recent;
    private CancellationTokenSource? _stopping;
    private bool _disposed;

    public ControlPlaneServer(IWardenControl control, ControlPlaneOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        _control = control ?? throw new ArgumentNullException(nameof(control));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _logger = _loggerFactory.CreateLogger("ActorWarden.ControlPlane");
    }

    /// <summary>The address actually listened on (with the real port when 0 was configured); null until started or when disabled.</summary>
    public Uri? BoundAddress { get; private set; }

    public ControlPlaneOptions Options => _options;

    /// <summary>Validates the settings, resolves the token and starts listening. Throws <see cref="ControlPlaneStartException"/> with one operator-facing line when it cannot.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_app is not null)
            {
                throw new InvalidOperationException("the control plane is already started");
            }

            if (!_options.Enabled)
            {
                _logger.LogInformation("control plane: disabled");
                return;
            }

            _options.Validate();
            var address = _options.ResolveAddress();
            var token = TokenResolver.Resolve(_options);
            var stopping = new CancellationTokenSource();
            var recent = RecentEvents.Start(_control, _options.RecentEvents);
            var app = Build(address, token, recent, stopping.Token);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (Exception ex)
            {
                await app.DisposeAsync();
                await recent.DisposeAsync();
                stopping.Dispose();
                throw TranslateBindFailure(ex, address) ?? new ControlPlaneStartException($"control plane could not start on {_options.Host}:{_options.Port}: {ex.Message}", ex);
            }

            _app = app;
            _recent = recent;
            _stopping = stopping;
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new ControlPlaneStartException("control plane started but Kestrel reported no bound address");
            BoundAddress = new Uri(bound.EndsWith('/') ? bound : bound + "/");
            _options.OnListening?.Invoke(BoundAddress);
            _logger.LogInformation(
                "control plane: listening on {Address} (token {TokenSource})",
                BoundAddress,
                _options.Token is null ? $"in {_options.ResolveTokenFile()}" : "configured");
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Ends event and log streams, lets in-flight requests finish within <see cref="ControlPlaneOptions.ShutdownTimeout"/>,
    /// then stops listening. The server may be started again afterwards (the token is re-read).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (_app is null)
            {
                return;
            }

            await _stopping!.CancelAsync();
            await _app.StopAsync(cancellationToken);
            await _app.DisposeAsync();
            await _recent!.DisposeAsync();
            _stopping.Dispose();
            _app = null;
            _recent = null;
            _stopping = null;
            _logger.LogInformation("control plane: stopped");
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await StopAsync();
        _disposed = true;
        _lifecycle.Dispose();
    }

    private WebApplication Build(IPAddress address, string token, RecentEvents recent, CancellationToken stopping)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ControlPlaneServer).Assembly.GetName().Name,
        });
        builder.Services.AddSingleton<ILoggerFactory>(new FrameworkLogFilter(_loggerFactory));
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddRouting();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = _options.ShutdownTimeout);
        builder.Services.AddSingleton(new ControlPlaneContext(_control, _options, _time, _logger, stopping));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, address));

        var app = builder.Build();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseMiddleware<BearerAuthenticationMiddleware>(new BearerTokenValidator(token));
        app.UseRouting();
        app.UseMiddleware<NotFoundMiddleware>();
        StatusPageEndpoints.Map(app);
        HealthEndpoint.Map(app);
        StatusEndpoints.Map(app);
        CommandEndpoints.Map(app);
        EventStreamEndpoint.Map(app);
        RecentEventsEndpoint.Map(app, recent);
        LogEndpoint.Map(app);
        MetricsEndpoint.Map(app);
        return app;
    }

    private void ConfigureKestrel(KestrelServerOptions kestrel, IPAddress address)
    {
        kestrel.AddServerHeader = false;
        var limits = kestrel.Limits;
        limits.MaxRequestBodySize = _options.MaxBodyBytes;
        limits.RequestHeadersTimeout = _options.RequestHeadersTimeout;
        limits.KeepAliveTimeout = _options.KeepAliveTimeout;
        limits.MinRequestBodyDataRate = new MinDataRate(_options.MinRequestBodyBytesPerSecond, _options.MinRequestBodyGracePeriod);
        limits.MaxConcurrentConnections = _options.MaxConnections;
        limits.MaxRequestHeadersTotalSize = 32 * 1024;
        limits.MaxRequestLineSize = 8 * 1024;
        kestrel.Listen(address, _options.Port, listen => listen.Protocols = HttpProtocols.Http1);
    }

    private ControlPlaneStartException? TranslateBindFailure(Exception ex, IPAddress address)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is AddressInUseException || e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return new ControlPlaneStartException(
                    $"port {_options.Port} on {address} is in use — is another warden running on this config?", ex);
            }

            if (e is SocketException { SocketErrorCode: SocketError.AccessDenied })
            {
                return new ControlPlaneStartException($"not allowed to listen on port {_options.Port} on {address} (ports below 1024 need privileges)", ex);
            }

            if (e is SocketException { SocketErrorCode: SocketError.AddressNotAvailable })
            {
                return new ControlPlaneStartException($"cannot listen on {address}: no local interface has this address", ex);
            }
        }

        return null;
    }
}
