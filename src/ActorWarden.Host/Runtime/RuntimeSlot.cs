using ActorWarden.Supervision.Control;

namespace ActorWarden.Host.Runtime;

/// <summary>
/// Creates the runtime on first use rather than when the host is built, so that under the SCM the
/// dispatcher is already connected when a bad config makes the factory throw, and the failure is
/// reported to the SCM as a stopped service with an exit code instead of a start timeout.
/// </summary>
internal sealed class RuntimeSlot
{
    private readonly Lazy<IWardenRuntime> _runtime;

    public RuntimeSlot(Func<IWardenRuntime> factory) => _runtime = new Lazy<IWardenRuntime>(factory, LazyThreadSafetyMode.ExecutionAndPublication);

    public IWardenRuntime Runtime => _runtime.Value;
}
