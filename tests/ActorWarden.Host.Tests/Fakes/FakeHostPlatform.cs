using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using ActorWarden.Host.Platform;

namespace ActorWarden.Host.Tests.Fakes;

/// <summary>An environment the test writes: OS, variables, SCM parentage, and signals it raises by hand.</summary>
public sealed class FakeHostPlatform : IHostPlatform
{
    private readonly ConcurrentDictionary<PosixSignal, List<Action<PosixSignalContext>>> _handlers = new();

    public bool IsWindows { get; init; }

    public int ProcessId { get; init; } = 4242;

    public bool StartedByScm { get; init; }

    public Dictionary<string, string> Environment { get; } = new();

    public string? GetEnvironmentVariable(string name) => Environment.TryGetValue(name, out var value) ? value : null;

    public void RemoveEnvironmentVariable(string name) => Environment.Remove(name);

    public bool IsStartedByServiceControlManager() => StartedByScm;

    public IReadOnlyCollection<PosixSignal> RegisteredSignals => _handlers.Where(pair => pair.Value.Count > 0).Select(pair => pair.Key).ToArray();

    public IDisposable RegisterSignal(PosixSignal signal, Action<PosixSignalContext> handler)
    {
        var list = _handlers.GetOrAdd(signal, _ => new List<Action<PosixSignalContext>>());
        lock (list)
        {
            list.Add(handler);
        }

        return new Registration(() =>
        {
            lock (list)
            {
                list.Remove(handler);
            }
        });
    }

    /// <summary>Delivers a signal; returns whether a handler cancelled the default action (process termination).</summary>
    public bool Raise(PosixSignal signal)
    {
        var context = new PosixSignalContext(signal);
        Action<PosixSignalContext>[] handlers;
        var list = _handlers.GetOrAdd(signal, _ => new List<Action<PosixSignalContext>>());
        lock (list)
        {
            handlers = list.ToArray();
        }

        if (handlers.Length == 0)
        {
            throw new InvalidOperationException($"no handler registered for {signal}");
        }

        foreach (var handler in handlers)
        {
            handler(context);
        }

        return context.Cancel;
    }

    private sealed class Registration : IDisposable
    {
        private Action? _dispose;

        public Registration(Action dispose) => _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
