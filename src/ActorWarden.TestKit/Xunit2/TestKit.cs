using ActorWarden.Actors;
using Serilog;
using Xunit.Abstractions;

namespace ActorWarden.TestKit.Xunit2;

/// <summary>
/// The xunit flavour of <see cref="TestKitBase"/> (like Akka.TestKit.Xunit2): failures are xunit failures
/// and, given an <see cref="ITestOutputHelper"/>, actor logs appear in the test output.
/// </summary>
public abstract class TestKit : TestKitBase
{
    /// <summary>Real-time test system.</summary>
    protected TestKit(ITestOutputHelper? output = null, ActorSystemSettings? settings = null)
        : base(new XunitAssertions(), WithOutput(settings ?? ActorSystemSettings.Default, output))
    {
    }

    /// <summary>Deterministic test system on virtual time driven by <paramref name="scheduler"/>.</summary>
    protected TestKit(VirtualTimeScheduler scheduler, ITestOutputHelper? output = null, ActorSystemSettings? settings = null)
        : base(new XunitAssertions(), scheduler, WithOutput(settings ?? ActorSystemSettings.Default, output))
    {
    }

    private static ActorSystemSettings WithOutput(ActorSystemSettings settings, ITestOutputHelper? output) =>
        output is null || settings.Logger is not null
            ? settings
            : settings with { Logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(new TestOutputSink(output)).CreateLogger() };
}
