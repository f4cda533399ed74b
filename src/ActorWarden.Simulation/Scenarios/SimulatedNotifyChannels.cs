using ActorWarden.Processes.Notify;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// The notify sockets of <c>warden simulate</c>: no socket exists; each instance's channel is a callback
/// the simulated processes call on the thread that drives virtual time, with the process's own pid as
/// the kernel-checked sender. The real ProcessActor then checks and acts on the datagram as in production.
/// </summary>
internal sealed class SimulatedNotifyChannels : INotifyChannels
{
    private readonly Dictionary<string, Action<NotifyDatagram>> _open = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public INotifyChannel Open(string name, string? owner, Action<NotifyDatagram> onDatagram)
    {
        var address = "sim:notify/" + name;
        _open[address] = onDatagram;
        return new Channel(this, address, onDatagram);
    }

    /// <summary>Delivers <paramref name="payload"/> from <paramref name="pid"/> (a session leader, as every spawned instance is) to the channel at <paramref name="address"/>, if open.</summary>
    public void Send(string address, int pid, string payload)
    {
        if (_open.TryGetValue(address, out var deliver))
        {
            deliver(new NotifyDatagram(payload, new NotifySender(pid, 0, 0, 1, pid), false));
        }
    }

    private sealed class Channel(SimulatedNotifyChannels owner, string address, Action<NotifyDatagram> deliver) : INotifyChannel
    {
        public string Address => address;

        // Simulated senders need no /proc lookup.
        public void ExpectSender(int pid)
        {
        }

        public void Dispose()
        {
            if (owner._open.TryGetValue(address, out var current) && current == deliver)
            {
                owner._open.Remove(address);
            }
        }
    }
}
