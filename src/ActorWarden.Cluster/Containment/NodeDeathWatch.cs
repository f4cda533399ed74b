using System.Diagnostics;
using System.Globalization;
using ActorWarden.Cluster.Placement;
using ActorWarden.Contracts.Control;
using ActorWarden.Contracts.Events;

namespace ActorWarden.Cluster.Containment;

/// <summary>
/// Binds every placed instance's process to this warden, so a node that dies (SIGKILL, OOM kill) leaves
/// nothing running that the cluster starts again elsewhere. A watcher process (<c>/bin/sh</c>) reads
/// the pids of the placed instances on a pipe from the warden; when the pipe ends without a
/// <c>quit</c> line, the warden is gone, and it kills each process group. PR_SET_PDEATHSIG would need
/// the spawn path and fires when the spawning thread ends, which a thread-pool thread does; the
/// warden's cgroups outlive it by design (the next start sweeps them), and a lost node may never start
/// again.
/// </summary>
public sealed class NodeDeathWatch : IEventPublisher, IDisposable
{
    /// <summary>Ignores the terminal's signals (the warden decides), tracks "+pid" / "-pid", and on EOF kills what is left.</summary>
    internal const string Script = """
        trap '' INT TERM HUP QUIT
        p=' '
        while IFS= read -r l; do
          case "$l" in
            quit) exit 0 ;;
            +*) p="$p${l#+} " ;;
            -*) p=$(printf '%s' "$p" | sed "s/ ${l#-} / /") ;;
          esac
        done
        for x in $p; do kill -KILL -- "-$x" 2>/dev/null || kill -KILL "$x" 2>/dev/null; done
        """;

    private readonly PlacementPlan _plan;
    private readonly Serilog.ILogger _log;
    private readonly object _gate = new();
    private Process? _watcher;

    public NodeDeathWatch(PlacementPlan plan, Serilog.ILogger log)
    {
        _plan = plan ?? throw new ArgumentNullException(nameof(plan));
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>The watcher's pid while it runs (tests look for it).</summary>
    public int? WatcherPid => _watcher?.Id;

    /// <summary>Starts the watcher; placed instances spawned before are not bound, so this runs before the cluster places any.</summary>
    public void Start()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            _log.Warning("Placed instances are not bound to the warden on this OS: a killed node leaves them running");
            return;
        }

        var psi = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Script);
        lock (_gate)
        {
            _watcher = Process.Start(psi) ?? throw new InvalidOperationException("the node's death watch (/bin/sh) did not start");
        }
    }

    /// <inheritdoc />
    public void Publish(WardenEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        if (@event.Instance is not { } instance || _plan.Find(instance) is null)
        {
            return;
        }

        switch (@event.Payload)
        {
            case StartedEvent started:
                Write("+" + started.Pid.ToString(CultureInfo.InvariantCulture));
                break;
            case ExitedEvent { Pid: var pid }:
                Write("-" + pid.ToString(CultureInfo.InvariantCulture));
                break;
            case StoppedEvent { Pid: var pid }:
                Write("-" + pid.ToString(CultureInfo.InvariantCulture));
                break;
            case KilledEvent { Pid: var pid }:
                Write("-" + pid.ToString(CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>The warden stopped in order: the watcher leaves without killing anything.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_watcher is null)
            {
                return;
            }

            Write("quit");
            try
            {
                _watcher.StandardInput.Close();
                _watcher.WaitForExit(2000);
            }
            catch (IOException)
            {
            }

            _watcher.Dispose();
            _watcher = null;
        }
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            if (_watcher is null)
            {
                return;
            }

            try
            {
                _watcher.StandardInput.WriteLine(line);
                _watcher.StandardInput.Flush();
            }
            catch (IOException ex)
            {
                _log.Error("The node's death watch is gone ({Reason}): placed instances are no longer bound to the warden", ex.Message);
            }
        }
    }
}
