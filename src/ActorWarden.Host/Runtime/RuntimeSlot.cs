using ActorWarden.Contracts.Control;


namespace ActorWarden.Host.Runtime;

/// <summary>
/// Creates the runtime on first use rather than when the host is built, so that under the SCM the
/// dispatcher is already connected when a bad config makes the factory throw, and the failure is
/// reported to the SCM as a stopped service with an exit code instead of a start timeout. The factory
/// gets the host's services, where Akka.Hosting keeps the actor system the runtime runs in.
/// </summary>
internal sealed class RuntimeSlot
{
    private readonly Func<IServiceProvider, IWardenRuntime> _factory;
    private IWardenRuntime? _runtime;
    private bool _created;
    private object? _gate;

    public RuntimeSlot(Func<IServiceProvider, IWardenRuntime> factory) => _factory = factory;

    /// <summary>The runtime, created once with <paramref name="services"/> (SCM and host threads may ask at once).</summary>
    public IWardenRuntime Runtime(IServiceProvider services) =>
        LazyInitializer.EnsureInitialized(ref _runtime, ref _created, ref _gate, () => _factory(services))!;
}
