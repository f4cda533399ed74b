using ActorWarden.Contracts.Control;
using Microsoft.Extensions.DependencyInjection;

namespace ActorWarden.Host;

/// <summary>
/// What the CLI knows when it hands over to the host: the config file (logs go next to it under the
/// SCM), the global shutdown budget, and whether it was told explicitly that it runs as a Windows
/// service. Extra hosted services (the HTTP control plane) come in through <see cref="ConfigureServices"/>.
/// </summary>
public sealed record WardenHostOptions
{
    /// <summary>Absolute path of the config file the warden runs; the SCM log file is written next to it.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>How long the runtime may take to stop every service before it kills what is left.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Set by <c>warden run --service</c>: run under the SCM without relying on detection.</summary>
    public bool RunAsWindowsService { get; init; }

    /// <summary>Service name registered with the SCM (only used under the SCM).</summary>
    public string ServiceName { get; init; } = "warden";

    /// <summary>Forces a host kind, bypassing detection (tests, or an operator who knows better).</summary>
    public HostKind? Kind { get; init; }

    /// <summary>Minimum level written by the host's logger.</summary>
    public Serilog.Events.LogEventLevel MinimumLevel { get; init; } = Serilog.Events.LogEventLevel.Information;

    /// <summary>A logger supplied by the caller; when null the host builds one suited to <see cref="HostKind"/>.</summary>
    public Serilog.ILogger? Logger { get; init; }

    /// <summary>Registers further services, typically hosted services such as the HTTP control plane. They can resolve <c>IWardenRuntime</c> and <c>IWardenControl</c>.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Source of time for the watchdog and SCM checkpoints; tests pass a manual one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// The Akka config of the actor system the host starts through Akka.Hosting: the warden's akka section
    /// over reference.conf's, resolved by its own HOCON parser, which `warden run` always passes. Null leaves
    /// Akka's own defaults, enough for a runtime that creates none of the warden's actors (the host's tests).
    /// </summary>
    public Akka.Configuration.Config? AkkaConfig { get; init; }
}
