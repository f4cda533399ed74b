namespace ActorWarden.Host.Systemd;

/// <summary>Sends one sd_notify state message (newline-separated KEY=VALUE assignments).</summary>
public interface ISystemdNotifier
{
    /// <summary>False when the datagram could not be sent; notification is best effort, as in libsystemd.</summary>
    bool Notify(string state);
}
