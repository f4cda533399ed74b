using Microsoft.Extensions.Logging;

namespace ActorWarden.ControlPlane.Logging;

/// <summary>
/// Passes the host's logger factory to Kestrel but keeps ASP.NET Core's per-request chatter (request
/// started/finished, routing decisions) below Warning out of the warden's log: operators read that log
/// for supervision decisions, and the control plane logs the commands that matter itself.
/// </summary>
internal sealed class FrameworkLogFilter : ILoggerFactory
{
    private const string FrameworkPrefix = "Microsoft.";
    private readonly ILoggerFactory _inner;

    public FrameworkLogFilter(ILoggerFactory inner)
    {
        _inner = inner;
    }

    public ILogger CreateLogger(string categoryName)
    {
        var logger = _inner.CreateLogger(categoryName);
        return categoryName.StartsWith(FrameworkPrefix, StringComparison.Ordinal) ? new WarningsOnly(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => _inner.AddProvider(provider);

    /// <summary>The host owns the inner factory and disposes it.</summary>
    public void Dispose()
    {
    }

    private sealed class WarningsOnly(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
