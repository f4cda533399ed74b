using ActorWarden.Actors.Tests.Support;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace ActorWarden.Actors.Tests;

public sealed class LoggingTests
{
    [Fact]
    public void Every_kernel_and_actor_log_event_carries_the_actor_path()
    {
        var sink = new ListSink();
        var scheduler = new VirtualTimeScheduler();
        var system = ActorSystem.Create("logs", new ActorSystemSettings
        {
            Scheduler = scheduler,
            Dispatcher = DispatcherMode.Deterministic,
            Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger(),
        });
        var talker = system.ActorOf(Props.Create<LoggingActor>(), "talker");
        talker.Tell("log something");
        talker.Tell(new Throw(new TestFailure("restart me")));
        talker.Tell(12345);
        scheduler.RunUntilIdle();
        system.Stop(talker);
        scheduler.RunUntilIdle();
        talker.Tell("into the void");
        system.Terminate();

        sink.Events.Should().NotBeEmpty();
        sink.Events.Should().OnlyContain(e => e.Properties.ContainsKey("ActorPath"));
        sink.Events.Should().Contain(e => e.MessageTemplate.Text.Contains("hello from") && e.Properties["ActorPath"].ToString() == "\"/user/talker\"");
        sink.Events.Should().Contain(e => e.MessageTemplate.Text.StartsWith("Dead letter"));
        sink.Events.Should().Contain(e => e.Level == LogEventLevel.Error && e.Exception is TestFailure);
        sink.Events.Should().Contain(e => e.MessageTemplate.Text.StartsWith("Unhandled message"));
    }

    [Fact]
    public void Dead_letters_are_all_counted_but_logged_at_a_bounded_rate()
    {
        var sink = new ListSink();
        var scheduler = new VirtualTimeScheduler();
        var system = ActorSystem.Create("flood", new ActorSystemSettings
        {
            Scheduler = scheduler,
            Dispatcher = DispatcherMode.Deterministic,
            Logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger(),
        });
        var gone = system.ActorOf(Props.Create<LoggingActor>());
        system.Stop(gone);
        scheduler.RunUntilIdle();

        for (var i = 0; i < 1000; i++)
        {
            gone.Tell(i);
        }

        system.DeadLetterCount.Should().Be(1000);
        sink.Events.Count(e => e.MessageTemplate.Text.StartsWith("Dead letter")).Should().BeLessThanOrEqualTo(10);
        system.Terminate();
    }

    private sealed class LoggingActor : ReceiveActor
    {
        public LoggingActor()
        {
            Receive<string>(s => Context.GetLogger().Information("hello from {Text}", s));
            Receive<Throw>(t => throw t.Exception);
        }

        protected override void PostStop() => throw new TestFailure("PostStop fails too");
    }

    private sealed class ListSink : ILogEventSink
    {
        private readonly List<LogEvent> _events = new();

        public IReadOnlyList<LogEvent> Events
        {
            get
            {
                lock (_events)
                {
                    return _events.ToArray();
                }
            }
        }

        public void Emit(LogEvent logEvent)
        {
            lock (_events)
            {
                _events.Add(logEvent);
            }
        }
    }
}
