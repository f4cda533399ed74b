using ActorWarden.Processes.Diagnostics;
using Akka.Actor;

namespace ActorWarden.Supervision.Hosting;

/// <summary>
/// Props built from a plain factory delegate. Akka's <c>Props.Create(() => new T(...))</c> takes the
/// expression apart and calls a public constructor through reflection at every (re)start; the warden's
/// actors keep private constructors with internal collaborators and are restarted thousands of times a
/// minute in a churning farm, so the delegate is simply invoked.
/// </summary>
public static class ActorProps
{
    private static readonly Stage CreationStage = StageCosts.Register("actor creation");

    /// <summary>Props whose every incarnation is created by <paramref name="factory"/>.</summary>
    public static Props Of<TActor>(Func<TActor> factory)
        where TActor : ActorBase => new FactoryProps<TActor>(factory ?? throw new ArgumentNullException(nameof(factory)));

    private sealed class FactoryProps<TActor> : Props
        where TActor : ActorBase
    {
        private readonly Func<TActor> _factory;

        public FactoryProps(Func<TActor> factory)
            : base(typeof(TActor)) => _factory = factory;

        private FactoryProps(Props copy, Func<TActor> factory)
            : base(copy) => _factory = factory;

        public override ActorBase NewActor()
        {
            using var stage = StageCosts.Enter(CreationStage);
            return _factory();
        }

        protected override Props Copy() => new FactoryProps<TActor>(base.Copy(), _factory);
    }
}
