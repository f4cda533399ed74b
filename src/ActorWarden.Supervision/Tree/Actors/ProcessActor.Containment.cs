using ActorWarden.Config;
using ActorWarden.Contracts.Events;
using ActorWarden.Processes;
using ActorWarden.Supervision.Events;
using ActorWarden.Supervision.Tree.Messages;
using Akka.Actor;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// Containment of the instance's process tree (issue 13), systemd's KillMode, TasksMax, CPUQuota and
/// MemoryMax: the tree is the instance's control group where the launcher has one. The main file calls
/// in through one-line calls from the instance actor.
/// </summary>
public sealed partial class ProcessActor
{
    // The exit whose leftovers were killed: OnExit runs again for it and must not hold it a second time.
    private ProcessExitObserved? _leftoversKilled;
    private long _oomKillsSeen;

    /// <summary>Handles this file's message; false for any other.</summary>
    private bool OnContainmentMessage(object message)
    {
        if (message is not LeftoversKilled killed)
        {
            return false;
        }

        OnLeftoversKilled(killed);
        return true;
    }

    /// <summary>The start spec with this instance's control-group name and the limits the kernel is to enforce.</summary>
    /// <exception cref="ProcessStartException">max-pids or cpu-quota is set and this launcher cannot enforce it (no containment, or Windows): a start never runs unlimited.</exception>
    private ProcessStartSpec Contain(ProcessStartSpec start)
    {
        _oomKillsSeen = 0;
        var supported = _ctx.Launcher.SupportedLimits;
        if ((_spec.MaxPids is not null && !supported.Pids) || (_spec.CpuQuota is not null && !supported.Cpu))
        {
            var setting = _spec.MaxPids is not null && !supported.Pids ? "max-pids" : "cpu-quota";
            throw new ProcessStartException(start.FileName, $"{setting} needs cgroup containment with its controller, which this warden does not have (containment {_ctx.Launcher.Containment})");
        }

        var limits = new TreeLimits
        {
            // Without a memory controller max-memory stays the polling check of the main file.
            MemoryMax = supported.Memory ? _spec.MaxMemoryBytes : null,
            PidsMax = _spec.MaxPids,
            CpuQuota = _spec.CpuQuota,
        };
        return start with { ContainmentName = Name, TreeLimits = limits.IsEmpty ? TreeLimits.None : limits };
    }

    /// <summary>
    /// Called first when the main process exited. With kill-mode control-group or mixed, what the tree
    /// left is killed before the exit is acted on, so the next start never meets the old tree (a port
    /// still bound, shared memory still attached); the exit is held meanwhile and handled when
    /// <see cref="LeftoversKilled"/> arrives. True when the exit is held.
    /// </summary>
    private bool HoldExitForLeftovers(ProcessExitObserved exited, IChildProcess process)
    {
        if (ReferenceEquals(exited, _leftoversKilled))
        {
            _leftoversKilled = null;
            return false;
        }

        ReportOomKills(process, exited.Pid);
        var stopping = _slot.State == ProcessState.Stopping;
        var left = process.ListContained();
        if (left.Count > 0)
        {
            var kept = _spec.KillMode == KillMode.Process;
            Emit(new LeftoversEvent(
                stopping,
                exited.Pid,
                left.Select(p => p.Pid).ToArray(),
                new SecretMask(_spec.SecretEnv.Values).Apply(left.Select(p => p.CommandLine).ToArray()),
                kept));
        }

        // A stop kills the tree after the exit anyway (or keeps it, for kill-mode = process).
        if (stopping || _spec.KillMode == KillMode.Process)
        {
            return false;
        }

        if (left.Count == 0)
        {
            // The group was empty when the main process was reaped: nothing can have been left. Without
            // a group nothing is listed; the ended process is remembered and its leftovers are swept
            // when the instance stops (the subreaper sweep is too costly for every restart).
            return false;
        }

        var self = Self;
        var launcher = _ctx.Launcher;
        var log = _ctx.Log;
        var instance = Name;
        _ctx.Detached.Run(() =>
        {
            try
            {
                process.KillTree();
                launcher.ReapOrphans();
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
                log.Warning(ex, "Killing what process {Pid} of {Instance} left behind failed", exited.Pid, instance);
            }

            self.Tell(new LeftoversKilled(exited), self);
        });
        return true;
    }

    private void OnLeftoversKilled(LeftoversKilled killed)
    {
        _leftoversKilled = killed.Exit;
        OnExit(killed.Exit);
    }

    /// <summary>The stop signal, to as much of the tree as kill-mode says.</summary>
    private void SignalForStop(IChildProcess process)
    {
        if (_spec.KillMode == KillMode.Mixed)
        {
            SafeSignal(process, _spec.Stop.Signal);
            return;
        }

        try
        {
            if (_spec.KillMode == KillMode.ControlGroup)
            {
                process.SignalTree(_spec.Stop.Signal);
            }
            else
            {
                process.SignalMain(_spec.Stop.Signal);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            _ctx.Log.Warning(ex, "Sending {Signal} to {Instance} (pid {Pid}) failed", _spec.Stop.Signal, Name, process.Pid);
        }
    }

    /// <summary>The end of the stop ladder: the whole tree at once, or the main process alone with kill-mode = process. Runs detached.</summary>
    private static void KillForStop(IChildProcess process, KillMode mode)
    {
        if (mode == KillMode.Process)
        {
            process.SignalMain(ProcessSignal.SIGKILL);
            return;
        }

        process.KillTree();
    }

    /// <summary>
    /// With memory.max set the kernel enforces max-memory; the periodic check then only reads the
    /// tree's usage for the status board and reports OOM kills of processes other than the main one
    /// (those the main process survived). True when it handled the check.
    /// </summary>
    private bool CheckKernelMemory(MemoryCheckDue check)
    {
        if (Process is not { } process || process.Pid != check.Pid || !KernelEnforcesMemory(process))
        {
            return false;
        }

        if (process.ReadUsage() is { } usage)
        {
            if (usage.MemoryBytes is { } bytes)
            {
                _ctx.RssObserved?.Invoke(Name, bytes);
            }

            ReportOomKills(usage, check.Pid);
        }

        return true;
    }

    private bool KernelEnforcesMemory(IChildProcess process) =>
        _spec.MaxMemoryBytes is not null && process.Containment != ContainmentMode.None && _ctx.Launcher.SupportedLimits.Memory;

    private void ReportOomKills(IChildProcess process, int pid)
    {
        if (KernelEnforcesMemory(process) && process.ReadUsage() is { } usage)
        {
            ReportOomKills(usage, pid);
        }
    }

    /// <summary>An <c>oom-killed</c> event for each rise of the tree's OOM-kill counter.</summary>
    private void ReportOomKills(ResourceUsage usage, int pid)
    {
        if (usage.OomKills is not { } kills || kills <= _oomKillsSeen)
        {
            return;
        }

        Emit(new OomKilledEvent(pid, kills - _oomKillsSeen, _spec.MaxMemoryBytes, usage.MemoryBytes));
        _oomKillsSeen = kills;
    }
}
