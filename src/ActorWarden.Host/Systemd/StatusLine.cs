

namespace ActorWarden.Host.Systemd;

/// <summary>The one-line summary shown by <c>systemctl status</c>: what an operator scans for first.</summary>
public static class StatusLine
{
    public static string From(WardenStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        int running = 0, backoff = 0, fatal = 0;
        foreach (var instance in status.Instances)
        {
            switch (instance.State)
            {
                case ProcessState.Running:
                    running++;
                    break;
                case ProcessState.Backoff:
                    backoff++;
                    break;
                case ProcessState.Fatal:
                    fatal++;
                    break;
            }
        }

        return $"{running} running, {backoff} backoff, {fatal} fatal";
    }
}
