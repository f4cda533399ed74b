using ActorWarden.Processes;
using ActorWarden.Supervision.Tree.Launch;

namespace ActorWarden.Supervision.Tree.Messages;

/// <summary>Operator signal to one instance (supervisorctl signal, systemctl kill -s); answered with an <see cref="InstanceReply"/>.</summary>
/// <param name="Signal">The signal.</param>
/// <param name="Group">True: the whole process group; false: the main process alone.</param>
public sealed record SignalInstance(ProcessSignal Signal, bool Group);

/// <summary>Operator reload of one instance's program (systemctl reload): its reload.signal or reload.command; answered with an <see cref="InstanceReply"/>.</summary>
public sealed record ReloadInstance
{
    public static ReloadInstance Instance { get; } = new();
}

/// <summary>An instance's answer to <see cref="SignalInstance"/> or <see cref="ReloadInstance"/>.</summary>
public sealed record InstanceReply(string Instance, bool Ok, string Message);

/// <summary>A pre-start command ended; <paramref name="Token"/> names the spawn attempt it belongs to.</summary>
internal sealed record PreStartFinished(object Token, string Reason, HookOutcome Outcome);

/// <summary>A post-stop command of the process <paramref name="Pid"/> ended.</summary>
internal sealed record PostStopFinished(int Pid, HookOutcome Outcome);

/// <summary>A reload.command for the process <paramref name="Pid"/> ended; the reply goes to <paramref name="ReplyTo"/>.</summary>
internal sealed record ReloadCommandFinished(int Pid, HookOutcome Outcome, Akka.Actor.IActorRef ReplyTo);
