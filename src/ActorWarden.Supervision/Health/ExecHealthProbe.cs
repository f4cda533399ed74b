using ActorWarden.Processes;

namespace ActorWarden.Supervision.Health;

/// <summary>
/// Runs a command and passes on exit code 0, like Docker's HEALTHCHECK CMD. Output is discarded (not
/// captured) so a chatty check costs nothing and can never block on a full pipe. On cancellation the
/// command's whole process tree is killed, so a hung check cannot pile up processes interval after interval.
/// </summary>
internal sealed class ExecHealthProbe : IHealthProbe
{
    private readonly IProcessLauncher _launcher;
    private readonly ProcessStartSpec _startSpec;
    private readonly string _display;

    public ExecHealthProbe(IProcessLauncher launcher, ProcessStartSpec startSpec)
    {
        _launcher = launcher;
        _startSpec = startSpec;
        _display = startSpec.Arguments.Count == 0
            ? startSpec.FileName
            : $"{startSpec.FileName} {string.Join(' ', startSpec.Arguments)}";
    }

    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        IChildProcess child;
        try
        {
            child = _launcher.Start(_startSpec);
        }
        catch (ProcessStartException e)
        {
            return ProbeResult.Fail($"could not run '{_display}': {e.Message}");
        }

        using (child)
        {
            using var killOnCancel = cancellationToken.Register(static state => ((IChildProcess)state!).KillTree(), child);
            var exit = await child.Exited.ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                return ProbeResult.Fail($"'{_display}' killed (timeout)");
            }

            return exit.IsSuccess
                ? ProbeResult.Pass($"'{_display}' {exit}")
                : ProbeResult.Fail($"'{_display}' {exit}");
        }
    }
}
