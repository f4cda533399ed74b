using ActorWarden.Functional.Tests.Infrastructure;

namespace ActorWarden.Functional.Tests;

/// <summary>
/// Issue 11, item 1: the warden's own log (its stdout/stderr in the foreground) tells an operator that a
/// service crashed and went Fatal, in supervisord's words, without having to read events.jsonl.
/// </summary>
public sealed class DecisionLogTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_crasher_that_goes_fatal_leaves_its_spawned_exited_and_gave_up_lines_in_the_wardens_output()
    {
        await using var warden = RunningWarden.Start("""
                crasher { command = /bin/sh, args = ["-c", "exit 1"], start-seconds = 1s, start-retries = 2, fatal-retry = off, backoff { min = 50ms, max = 50ms, jitter = 0 } }
            """);

        await warden.WaitForAsync(s => RunningWarden.AllIn(s, "fatal", 1), Patience, "crasher fatal");
        await Eventually.True(() => warden.Output.Contains("gave up: crasher entered FATAL state", StringComparison.Ordinal), "the gave-up line");

        var output = warden.Output;
        output.Should().Contain("spawned: 'crasher' with pid ");
        output.Should().Contain("exited: crasher (exit status 1; not expected)");
        output.Should().Contain("backoff: crasher restarts in 50 ms (attempt ");
        output.Should().MatchRegex(@"WRN\] exited: crasher \(exit status 1; not expected\)");
        output.Should().MatchRegex(@"ERR\] gave up: crasher entered FATAL state, exited too quickly \(exit code 1\); 2 failed starts in a row");
    }
}
