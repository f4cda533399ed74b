using ActorWarden.Host.Logging.EventLog;
using Serilog;
using Serilog.Core;

namespace ActorWarden.Host.Logging;

/// <summary>
/// One sink per launcher: a human console in the foreground, journald-prefixed lines under systemd,
/// and under the SCM a rolling file next to the config (there is no console to write to) plus the
/// Windows Application log under the service's own event source, as NSSM does.
/// </summary>
public static class HostLogging
{
    public const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    public static Logger Create(HostKind kind, WardenHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configuration = new LoggerConfiguration().MinimumLevel.Is(options.MinimumLevel);
        Logger? created = null;
        switch (kind)
        {
            case HostKind.Systemd:
                configuration.WriteTo.Console(new JournaldFormatter());
                break;
            case HostKind.WindowsService:
                var path = ServiceLogPath(options);
                // Written through, not queued: the SCM may end the process right after Stopped is reported,
                // and the warden's own log is a few lines a minute (child output and events go elsewhere).
                configuration.WriteTo.File(path, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14, outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj}{NewLine}{Exception}");
                if (OperatingSystem.IsWindows())
                {
                    configuration.WriteTo.Sink(new EventLogSink(new SystemWindowsEventLog(options.ServiceName), ex => created?.Warning(
                        "The Windows Event Log refused a line ({Reason}); the lines stay in this file. Is event source {Source} registered? 'warden service install' registers it",
                        ex.Message,
                        options.ServiceName)));
                }

                break;
            default:
                configuration.WriteTo.Console(outputTemplate: ConsoleTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                break;
        }

        created = configuration.CreateLogger();
        return created;
    }

    /// <summary>Where the service writes its own log: beside the config file, else beside the executable. Serilog adds the date.</summary>
    public static string ServiceLogPath(WardenHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = options.ConfigFile is { Length: > 0 } config
            ? Path.GetDirectoryName(Path.GetFullPath(config)) ?? AppContext.BaseDirectory
            : AppContext.BaseDirectory;
        return Path.Combine(directory, options.ServiceName + "-service.log");
    }
}
