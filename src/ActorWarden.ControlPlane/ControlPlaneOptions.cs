using System.Net;
using System.Text;
using ActorWarden.Contracts.Api;

namespace ActorWarden.ControlPlane;

/// <summary>
/// Settings of the HTTP control plane. Defaults are safe for an unattended host: loopback only, a
/// generated token kept next to the warden's state, bounded bodies and timeouts so a slow or hostile
/// client cannot pin connections or memory.
/// </summary>
public sealed record ControlPlaneOptions
{
    /// <summary>The port `warden` talks to unless configured otherwise.</summary>
    public const int DefaultPort = ControlPlaneDefaults.DefaultPort;

    public bool Enabled { get; init; } = true;

    /// <summary>IP address to bind (or <c>localhost</c>). Anything but loopback requires <see cref="Token"/>.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 binds an ephemeral port, readable from <see cref="ControlPlaneServer.BoundAddress"/>.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>
    /// Called once the server listens, with the address it bound: with <see cref="Port"/> 0 only then is the
    /// port known, and a CLI that finds the warden through its endpoint file needs the real one.
    /// </summary>
    public Action<Uri>? OnListening { get; init; }

    /// <summary>A configured bearer token. When null the token is read from (or generated into) <see cref="TokenFile"/>.</summary>
    public string? Token { get; init; }

    /// <summary>Where the generated token lives; null means <c>&lt;state dir&gt;/token</c> (see <see cref="ControlPlaneDefaults"/>).</summary>
    public string? TokenFile { get; init; }

    public long MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>How long a client may take to send all request headers (slowloris defence).</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Request bodies slower than this (after <see cref="MinRequestBodyGracePeriod"/>) are cut off.</summary>
    public double MinRequestBodyBytesPerSecond { get; init; } = 240;

    public TimeSpan MinRequestBodyGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    public int MaxConnections { get; init; } = 128;

    /// <summary>Interval of the comment lines on <c>/v1/events</c> that keep proxies and idle timers from closing the stream.</summary>
    public TimeSpan EventHeartbeatInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How many of the last events <c>/v1/events/recent</c> keeps (the status page's history on opening).</summary>
    public int RecentEvents { get; init; } = 500;

    /// <summary>How often <c>/v1/logs?follow=true</c> looks for appended bytes.</summary>
    public TimeSpan LogFollowPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary><c>/healthz</c> answers 503 when the supervision tree does not answer within this time.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long StopAsync lets in-flight requests finish before the connections are dropped.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The token file actually used: <see cref="TokenFile"/>, or the default one in the state directory.</summary>
    public string ResolveTokenFile() => TokenFile ?? ControlPlaneDefaults.DefaultTokenFile();

    /// <summary>Parses <see cref="Host"/>; <c>localhost</c> means the IPv4 loopback address.</summary>
    public IPAddress ResolveAddress()
    {
        if (string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(Host, out var address)
            ? address
            : throw new ControlPlaneStartException($"control plane host '{Host}' is not an IP address (use 127.0.0.1, ::1, localhost or an interface address)");
    }

    /// <summary>Rejects settings that would make the server unsafe or unusable, with one line naming the setting.</summary>
    public void Validate()
    {
        var address = ResolveAddress();
        if (Port is < 0 or > 65535)
        {
            throw new ControlPlaneStartException($"control plane port {Port} is out of range (0-65535)");
        }

        if (Token is not null && string.IsNullOrWhiteSpace(Token))
        {
            throw new ControlPlaneStartException("control plane token is configured but empty");
        }

        if (!IPAddress.IsLoopback(address) && Token is null)
        {
            throw new ControlPlaneStartException(
                $"control plane host {Host} is not a loopback address: binding it requires a configured token (set the token explicitly, the generated token file is for local use only)");
        }

        if (MaxBodyBytes <= 0)
        {
            throw new ControlPlaneStartException($"control plane max body size must be positive, got {MaxBodyBytes}");
        }

        RequirePositive(RequestHeadersTimeout, "request headers timeout");
        RequirePositive(KeepAliveTimeout, "keep-alive timeout");
        RequirePositive(EventHeartbeatInterval, "event heartbeat interval");
        RequirePositive(LogFollowPollInterval, "log follow poll interval");
        RequirePositive(HealthTimeout, "health timeout");
        if (MaxConnections <= 0)
        {
            throw new ControlPlaneStartException($"control plane max connections must be positive, got {MaxConnections}");
        }

        if (RecentEvents <= 0)
        {
            throw new ControlPlaneStartException($"control plane recent events must be positive, got {RecentEvents}");
        }
    }

    /// <summary>Records print every property; this one never prints the token, so logging the options cannot leak it.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Enabled = {Enabled}, Host = {Host}, Port = {Port}, Token = {(Token is null ? "(none)" : "(configured, redacted)")}, ");
        builder.Append($"TokenFile = {TokenFile ?? "(default)"}, MaxBodyBytes = {MaxBodyBytes}, RequestHeadersTimeout = {RequestHeadersTimeout}, ");
        builder.Append($"KeepAliveTimeout = {KeepAliveTimeout}, MaxConnections = {MaxConnections}");
        return true;
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ControlPlaneStartException($"control plane {name} must be positive, got {value}");
        }
    }
}
