using Akka.Actor;
using Akka.Dispatch;
using AkkaConfig = Akka.Configuration.Config;

namespace ActorWarden.Supervision.Hosting;

/// <summary>
/// Akka.NET has no control-aware mailbox, so this one ranks <see cref="IControlMessage"/>s before every
/// other message; each kind stays FIFO among itself (a stable priority queue). It is deque-based, so
/// actors with a stash may use it; unstashed messages go to the very front, before queued control messages,
/// as Akka's stash promises. Select it per actor with <c>Props.WithMailbox(ConfigId)</c> or in
/// <c>akka.actor.deployment</c>.
/// </summary>
public sealed class ControlAwareMailbox : UnboundedStablePriorityMailbox
{
    /// <summary>
    /// The mailbox id: the config path under which reference.conf's <c>akka</c> section (and
    /// <see cref="ConfigText"/>) declares it, as Akka looks mailboxes up by path from the root.
    /// </summary>
    public const string ConfigId = "akka.actor.warden-control-aware-mailbox";

    /// <summary>The HOCON that declares the mailbox, for systems configured without the warden's reference.conf.</summary>
    public const string ConfigText = ConfigId + " { mailbox-type = \"ActorWarden.Supervision.Hosting.ControlAwareMailbox, ActorWarden.Supervision\" }";

    private const int Control = 0;
    private const int Ordinary = 1;

    /// <summary>Called by Akka with the mailbox's config section.</summary>
    public ControlAwareMailbox(Settings settings, AkkaConfig config)
        : base(settings, config)
    {
    }

    /// <inheritdoc />
    protected override int PriorityGenerator(object message) => message is IControlMessage ? Control : Ordinary;
}
