using System.Collections.Immutable;

namespace ActorWarden.Supervision.Tree.Restart;

/// <summary>
/// The <see cref="AttemptLedger"/>s of one service's instances, kept outside the ServiceSupervisor so a
/// group or root restart, which gives the service a new supervisor incarnation, does not hand a crash
/// loop a fresh backoff sequence. The group creates one per member and hands the same one to every
/// incarnation; only the live incarnation writes it (Akka ends one before it creates the next), and
/// each write publishes an immutable snapshot. An operator start or restart and a fatal retry still
/// record <see cref="AttemptLedger.Fresh"/>, as supervisord's and systemd's resets do.
/// </summary>
internal sealed class BackoffHistory
{
    private ImmutableDictionary<string, AttemptLedger> _byInstance = ImmutableDictionary.Create<string, AttemptLedger>(StringComparer.Ordinal);

    /// <summary>What <paramref name="instance"/> remembers; <see cref="AttemptLedger.Fresh"/> when nothing.</summary>
    public AttemptLedger Of(string instance) =>
        Volatile.Read(ref _byInstance).GetValueOrDefault(instance) ?? AttemptLedger.Fresh;

    /// <summary>Remembers <paramref name="ledger"/> for <paramref name="instance"/> (the live supervisor only).</summary>
    public void Record(string instance, AttemptLedger ledger) =>
        Volatile.Write(ref _byInstance, _byInstance.SetItem(instance, ledger));
}
