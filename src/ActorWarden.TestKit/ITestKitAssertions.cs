namespace ActorWarden.TestKit;

/// <summary>
/// How the framework-agnostic TestKit reports a failed expectation; each test framework adapter throws its
/// own assertion exception so failures read natively in its runner.
/// </summary>
public interface ITestKitAssertions
{
    /// <summary>Fails the current test with <paramref name="message"/> (must throw).</summary>
    Exception Fail(string message);
}
