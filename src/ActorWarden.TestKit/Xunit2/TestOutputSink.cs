using Serilog.Core;
using Serilog.Events;
using Xunit.Abstractions;

namespace ActorWarden.TestKit.Xunit2;

/// <summary>Writes kernel and actor log events to the xunit test output, so a failing test shows what the actors did.</summary>
internal sealed class TestOutputSink(ITestOutputHelper output) : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        var path = logEvent.Properties.TryGetValue("ActorPath", out var value) ? value.ToString().Trim('"') : "-";
        var line = $"[{logEvent.Level}] {path}: {logEvent.RenderMessage()}";
        if (logEvent.Exception is not null)
        {
            line += Environment.NewLine + logEvent.Exception;
        }

        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already finished; late events from stopping actors have nowhere to go.
        }
    }
}
