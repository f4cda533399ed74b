using System.Text.RegularExpressions;
using Serilog;
using Serilog.Events;

namespace ActorWarden.Host.Logging;

/// <summary>
/// Akka's own log shares the warden's console and journal, where an operator reads every line as news.
/// Two kinds of Akka line are routine there and only alarm: a dead letter of one of Akka's system
/// messages (a supervisor suspends and resumes its children while it handles a failure, and a child
/// stopped a moment earlier, such as an instance's health check after a kill -9, cannot take them:
/// "may have terminated unexpectedly"), and CoordinatedShutdown's closing line, whose exit code is
/// Akka's and not the warden's. They are kept for --verbose. Dead letters of the warden's own messages
/// and every other Akka line pass unchanged; all dead letters are still counted in /metrics.
/// </summary>
public static partial class AkkaRoutineLines
{
    /// <summary>A logger for Akka (Akka.Logger.Serilog reads Serilog's static logger) that drops the routine lines below Debug.</summary>
    public static ILogger For(ILogger warden, LogEventLevel minimumLevel)
    {
        ArgumentNullException.ThrowIfNull(warden);
        var configuration = new LoggerConfiguration().MinimumLevel.Is(minimumLevel);
        if (minimumLevel > LogEventLevel.Debug)
        {
            configuration.Filter.ByExcluding(IsRoutine);
        }

        return configuration.WriteTo.Logger(warden).CreateLogger();
    }

    public static bool IsRoutine(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var text = logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture);
        return SystemMessageDeadLetter().IsMatch(text) || text.StartsWith("CoordinatedShutdown invoked due to ", StringComparison.Ordinal);
    }

    /// <summary>Akka.Dispatch.SysMsg types an actor cell sends its children and watchers.</summary>
    [GeneratedRegex(@"^Message \[(Suspend|Resume|Terminate|Supervise|Watch|Unwatch|DeathWatchNotification|Failed|Create|Recreate|Stop|StopChild|NoMessage|Terminated)\] .* was not delivered\.", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex SystemMessageDeadLetter();
}
