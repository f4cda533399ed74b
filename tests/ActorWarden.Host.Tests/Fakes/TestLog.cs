using System.Collections.Concurrent;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace ActorWarden.Host.Tests.Fakes;

/// <summary>A Serilog logger that keeps rendered lines in memory, so tests can assert what the host told the operator.</summary>
public sealed class TestLog : ILogEventSink
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<Exception> _exceptions = new();
    private readonly MessageTemplateTextFormatter _format = new("{Level}: {Message:lj}", System.Globalization.CultureInfo.InvariantCulture);

    public TestLog() => Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();

    public Serilog.ILogger Logger { get; }

    public IReadOnlyList<string> Lines => _lines.ToArray();

    /// <summary>Exceptions attached to log events: each one is a stack trace on the operator's console.</summary>
    public IReadOnlyList<Exception> Exceptions => _exceptions.ToArray();

    public void Emit(LogEvent logEvent)
    {
        using var line = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        _format.Format(logEvent, line);
        _lines.Enqueue(line.ToString());
        if (logEvent.Exception is not null)
        {
            _exceptions.Enqueue(logEvent.Exception);
        }
    }
}
