using Akka.Actor;

namespace ActorWarden.Simulation.Tests.Support;

/// <summary>
/// A small supervision tree that exercises what a simulation depends on: IWithTimers with different periods,
/// messages between siblings, a child that crashes on every third tick and is restarted by the default
/// strategy, and a parent that stops one child on a single timer.
/// </summary>
internal static class SmallTree
{
    public static Props Props(ActorTrace trace) => Akka.Actor.Props.Create(() => new Group(trace));

    private sealed record Query(int Number);

    private sealed record Answer(int Number);

    private sealed class Group : ReceiveActor, IWithTimers
    {
        private readonly ActorTrace _trace;
        private IActorRef _web = ActorRefs.Nobody;

        public Group(ActorTrace trace)
        {
            _trace = trace;
            Receive<string>(m => m == "stop-web", _ =>
            {
                trace.Add(Context, "stopping web");
                Context.Stop(_web);
            });
        }

        public ITimerScheduler Timers { get; set; } = null!;

        protected override void PreStart()
        {
            var db = Context.ActorOf(Akka.Actor.Props.Create(() => new Db(_trace)), "db");
            _web = Context.ActorOf(Akka.Actor.Props.Create(() => new Web(_trace, db)), "web");
            Context.ActorOf(Akka.Actor.Props.Create(() => new Flaky(_trace)), "flaky");
            Timers.StartSingleTimer("stop-web", "stop-web", TimeSpan.FromSeconds(45));
        }

        protected override void PostStop() => _trace.Add(Context, "stopped");
    }

    private sealed class Web : ReceiveActor, IWithTimers
    {
        private readonly ActorTrace _trace;
        private int _ticks;

        public Web(ActorTrace trace, IActorRef db)
        {
            _trace = trace;
            Receive<string>(_ =>
            {
                _ticks++;
                if (_ticks % 3 == 0)
                {
                    db.Tell(new Query(_ticks));
                }
            });
            Receive<Answer>(a => trace.Add(Context, $"answer {a.Number}"));
        }

        public ITimerScheduler Timers { get; set; } = null!;

        protected override void PreStart() => Timers.StartPeriodicTimer("tick", "tick", TimeSpan.FromMilliseconds(700));

        protected override void PostStop() => _trace.Add(Context, $"stopped after {_ticks} ticks");
    }

    private sealed class Db : ReceiveActor
    {
        private readonly ActorTrace _trace;

        public Db(ActorTrace trace)
        {
            _trace = trace;
            Receive<Query>(q =>
            {
                trace.Add(Context, $"query {q.Number}");
                Sender.Tell(new Answer(q.Number * 2));
            });
        }

        protected override void PostStop() => _trace.Add(Context, "stopped");
    }

    private sealed class Flaky : ReceiveActor, IWithTimers
    {
        private readonly ActorTrace _trace;
        private int _ticks;

        public Flaky(ActorTrace trace)
        {
            _trace = trace;
            Receive<string>(_ =>
            {
                _ticks++;
                trace.Add(Context, $"tick {_ticks}");
                if (_ticks == 3)
                {
                    throw new InvalidOperationException("third tick");
                }
            });
        }

        public ITimerScheduler Timers { get; set; } = null!;

        protected override void PreStart()
        {
            _trace.Add(Context, "started");
            Timers.StartPeriodicTimer("tick", "tick", TimeSpan.FromSeconds(2));
        }

        protected override void PostRestart(Exception reason)
        {
            _trace.Add(Context, $"restarted after {reason.Message}");
            Timers.StartPeriodicTimer("tick", "tick", TimeSpan.FromSeconds(2));
        }

        protected override void PostStop() => _trace.Add(Context, $"stopped after {_ticks} ticks");
    }
}
