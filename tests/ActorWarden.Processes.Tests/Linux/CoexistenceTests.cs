using System.Diagnostics;
using ActorWarden.Processes.Tests.Support;

namespace ActorWarden.Processes.Tests.Linux;

/// <summary>
/// The runtime reaps System.Diagnostics.Process children in its SIGCHLD handler (by pid); our watcher
/// reaps ours through pidfds. Neither may steal the other's exit status.
/// </summary>
public sealed class CoexistenceTests : IDisposable
{
    private readonly ChildScope _scope = new();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public async Task Our_children_and_process_start_children_both_report_their_own_exit_codes()
    {
        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                var ourCode = ((worker * 40) + i) % 200;
                var theirCode = 200 + ((worker + i) % 50);
                var ours = _scope.StartShell($"exit {ourCode}", capture: false);
                var theirs = _scope.Track(Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"exit {theirCode}"]))!);

                await theirs.WaitForExitAsync().WaitAsync(Await.Timeout);
                var ourExit = await Await.Within(ours.Exited);

                ourExit.ExitCode.Should().Be(ourCode);
                theirs.ExitCode.Should().Be(theirCode);
            }
        }));

        await Task.WhenAll(workers);
    }

    [Fact]
    public async Task Orphan_reaping_does_not_touch_process_start_children()
    {
        var theirs = _scope.Track(Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "sleep 0.2; exit 9"]))!);

        for (var i = 0; i < 10; i++)
        {
            _scope.Launcher.ReapOrphans();
            await Task.Delay(30);
        }

        await theirs.WaitForExitAsync().WaitAsync(Await.Timeout);
        theirs.ExitCode.Should().Be(9);
    }
}
