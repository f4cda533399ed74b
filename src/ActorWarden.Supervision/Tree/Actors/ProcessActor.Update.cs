using ActorWarden.Supervision.Tree.Launch;
using ActorWarden.Supervision.Tree.Messages;
using ActorWarden.Supervision.Tree.Reload;
using Akka.Actor;

namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// A reload's in-place settings reach the running instance: read at their next use (stop ladder,
/// start-seconds, reload, pre-start, post-stop), and the health check and the memory check restart at
/// once when theirs changed. The process keeps running, with its pid.
/// </summary>
public sealed partial class ProcessActor
{
    private void OnUpdateInstanceSpec(UpdateInstanceSpec update)
    {
        var before = _spec;
        _spec = update.Spec;
        _slot.Spec = update.Spec;
        _upReason = null;
        LaunchPlan? plan = null;
        try
        {
            plan = LaunchPlan.Build(_spec, _id, _ctx.WardenEnvironment, _ctx.CaptureOutput && _spec.Logs.Enabled, _ctx.ResolveCommand);
            _slot.Plan = plan;
        }
        catch (FormatException ex)
        {
            _slot.Plan = null;
            _ctx.Log.Warning("{Instance}: the reloaded settings cannot be planned ({Error}); the next start reports it", Name, ex.Message);
        }

        var live = Process is not null && _slot.State is ProcessState.Starting or ProcessState.Running;
        if (!live)
        {
            return;
        }

        if (!StructuralEquality.AreEqual(before.Health, _spec.Health) && plan is not null)
        {
            StopHealthCheck();
            StartHealthCheck(plan);
        }

        if (before.MaxMemoryBytes != _spec.MaxMemoryBytes || before.MemoryCheckInterval != _spec.MemoryCheckInterval)
        {
            Timers.Cancel(MemoryTimer);
            if (_spec.MaxMemoryBytes is not null && _spec.MemoryCheckInterval > TimeSpan.Zero)
            {
                Timers.StartPeriodicTimer(MemoryTimer, new MemoryCheckDue(Process!.Pid), _spec.MemoryCheckInterval);
            }
        }
    }
}
