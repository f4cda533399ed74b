using Xunit.Sdk;

namespace ActorWarden.TestKit.Xunit2;

/// <summary>Reports TestKit failures as xunit assertion failures.</summary>
public sealed class XunitAssertions : ITestKitAssertions
{
    /// <inheritdoc />
    public Exception Fail(string message) => throw new XunitException(message);
}
