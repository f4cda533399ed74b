using Akka.Dispatch;
using AkkaConfig = Akka.Configuration.Config;

namespace ActorWarden.Simulation.VirtualTime;

/// <summary>Named in the <c>type</c> of the loggers' dispatcher by <see cref="VirtualTimeConfig"/>.</summary>
public sealed class LoggerDispatcherConfigurator : MessageDispatcherConfigurator
{
    private readonly LoggerDispatcher _dispatcher;

    /// <summary>The constructor Akka calls for a dispatcher whose <c>type</c> names this class.</summary>
    public LoggerDispatcherConfigurator(AkkaConfig config, IDispatcherPrerequisites prerequisites)
        : base(config, prerequisites)
    {
        _dispatcher = new LoggerDispatcher(this);
    }

    /// <inheritdoc />
    public override MessageDispatcher Dispatcher() => _dispatcher;
}
