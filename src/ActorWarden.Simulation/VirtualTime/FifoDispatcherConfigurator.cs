using Akka.Configuration;
using Akka.Dispatch;
using AkkaConfig = Akka.Configuration.Config;

namespace ActorWarden.Simulation.VirtualTime;

/// <summary>
/// Named in a dispatcher's <c>type</c> by <see cref="VirtualTimeConfig"/>; Akka creates it by reflection with
/// (Config, IDispatcherPrerequisites). One dispatcher per id, all posting to the same scheduler queue.
/// </summary>
public sealed class FifoDispatcherConfigurator : MessageDispatcherConfigurator
{
    private readonly FifoDispatcher _dispatcher;

    /// <summary>The constructor Akka calls for a dispatcher whose <c>type</c> names this class.</summary>
    public FifoDispatcherConfigurator(AkkaConfig config, IDispatcherPrerequisites prerequisites)
        : base(config, prerequisites)
    {
        if (prerequisites.Scheduler is not VirtualTimeScheduler scheduler)
        {
            throw new ConfigurationException(
                $"Dispatcher '{config.GetString("id")}': {nameof(FifoDispatcher)} needs akka.scheduler.implementation = " +
                $"\"{typeof(VirtualTimeScheduler).AssemblyQualifiedName}\", but the scheduler is {prerequisites.Scheduler.GetType().FullName}.");
        }

        _dispatcher = new FifoDispatcher(this, scheduler);
    }

    /// <inheritdoc />
    public override MessageDispatcher Dispatcher() => _dispatcher;
}
