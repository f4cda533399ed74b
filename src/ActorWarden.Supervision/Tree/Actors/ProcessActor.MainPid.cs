using ActorWarden.Contracts.Events;
using ActorWarden.Processes.Notify;
using ActorWarden.Processes;
using ActorWarden.Supervision.Hosting;
using ActorWarden.Supervision.Notify;
using ActorWarden.Supervision.Runtime;
using ActorWarden.Supervision.Tree.Messages;
using Akka.Actor;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// MAINPID= (sd_notify): a forking daemon's launcher names the process that really is the service and
/// then exits. As systemd does for Type=notify, the warden then watches, signals and stops that process
/// instead of calling the launcher's exit the instance's end.
/// </summary>
/// <remarks>
/// The named process is watched from the announcement (adopted through a pidfd, so a pid reused later
/// is never mistaken for it) and takes over when the launcher exits while the instance is Starting or
/// Running. Its exit status is unknown unless the warden is its parent, as for any adopted process. A
/// name other than the sender itself must be in the instance's control group: a process may not hand
/// the warden a stranger to watch and kill.
/// </remarks>
public sealed partial class ProcessActor
{
    private void AnnounceMain(int main, IChildProcess process, NotifySender sender)
    {
        if (main == process.Pid || main == _slot.Main?.Pid)
        {
            _mainPid = main;
            return;
        }

        if (main != sender.Pid && !process.ListContained().Any(p => p.Pid == main))
        {
            Refuse(sender, $"MAINPID={main} is neither the sender nor a process in the instance's control group");
            return;
        }

        var adopted = ProcessInfo.ReadStartTime(main) is { } start ? _ctx.Launcher.Adopt(main, start) : null;
        if (adopted is null)
        {
            Refuse(sender, $"MAINPID={main} names no living process");
            return;
        }

        _mainPid = main;
        if (_slot.Main is { } earlier && !ReferenceEquals(earlier, adopted))
        {
            earlier.Dispose();
        }

        _slot.Main = adopted;
    }

    /// <summary>Exit hook: true when the launcher's exit handed the instance over to its MAINPID, which runs on.</summary>
    private bool HandOverToMain(ProcessExitObserved exited, IChildProcess launcher)
    {
        if (_slot.Main is not { } main || ReferenceEquals(main, launcher))
        {
            return false;
        }

        _slot.Main = null;
        if (_slot.State is not (ProcessState.Starting or ProcessState.Running) || main.Exited.IsCompleted)
        {
            main.Dispose();
            return false;
        }

        _slot.Process = main;
        if (_slot.HandedOver is null)
        {
            _slot.HandedOver = launcher;
        }
        else
        {
            launcher.Dispose();
        }

        _ctx.Roster.Tell(new ProcessEnded(Name, launcher, Remember: false), ActorRefs.NoSender);
        _ctx.Roster.Tell(new ProcessSpawned(Name, _id.Service, main), ActorRefs.NoSender);
        var pid = main.Pid;
        main.Exited.PipeTo(Self, Self, exit => new ProcessExitObserved(pid, exit), _ => new ProcessExitObserved(pid, ProcessExit.Unknown));
        _slot.Notify?.ExpectSender(pid);
        Emit(new MainPidEvent(pid, exited.Pid, exited.Exit.ExitCode, exited.Exit.Signal));
        RekeyTimers(pid);
        return true;
    }

    /// <summary>The timers that name the launcher's pid now name the main process, with the time they had left.</summary>
    private void RekeyTimers(int pid)
    {
        var elapsed = Scheduler.Monotonic - _slot.SpawnedAt;
        TimeSpan Left(TimeSpan limit) => limit > elapsed ? limit - elapsed : TimeSpan.Zero;
        if (Timers.IsTimerActive(StartSecondsTimer))
        {
            Timers.StartSingleTimer(StartSecondsTimer, new StartSecondsElapsed(pid), Left(_spec.StartSeconds));
        }

        if (Timers.IsTimerActive(ReadyTimer))
        {
            Timers.StartSingleTimer(ReadyTimer, new ReadyTimeoutElapsed(pid), Left(_spec.StartTimeout));
        }

        if (Timers.IsTimerActive(MemoryTimer))
        {
            Timers.StartPeriodicTimer(MemoryTimer, new MemoryCheckDue(pid), _spec.MemoryCheckInterval);
        }
    }

    /// <summary>DisposeProcess hook: a MAINPID not taken over, and a launcher whose pipes the ended main process used.</summary>
    private void ReleaseMain()
    {
        if (_slot.Process is not null)
        {
            return;
        }

        _slot.Main?.Dispose();
        _slot.Main = null;
        _slot.HandedOver?.Dispose();
        _slot.HandedOver = null;
    }
}
