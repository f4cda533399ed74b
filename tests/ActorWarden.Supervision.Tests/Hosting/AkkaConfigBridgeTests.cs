using ActorWarden.Supervision.Hosting;
using ActorWarden.Config;
using ActorWarden.Supervision.Tests.Specs;
using Akka.Actor;

namespace ActorWarden.Supervision.Tests.Hosting;

/// <summary>The user's `akka { }` section, resolved by our parser and read back by Akka's.</summary>
public sealed class AkkaConfigBridgeTests
{
    private const string Service = "warden.services.web.command = /bin/true\n";

    private static Akka.Configuration.Config Bridge(string text)
    {
        using var file = new TempConfig(Service + text);
        return AkkaConfigBridge.ToAkkaConfig(WardenConfigLoader.LoadEffective(file.Path));
    }

    [Fact]
    public void The_users_log_level_and_dispatcher_reach_akka()
    {
        var akka = Bridge("""
            akka.loglevel = DEBUG
            akka.actor.web-dispatcher {
              type = Dispatcher
              throughput = 5
              executor = "fork-join-executor"
              fork-join-executor { parallelism-min = 2, parallelism-max = 4 }
            }
            """);

        akka.GetString("akka.loglevel").Should().Be("DEBUG");
        akka.GetString("akka.actor.web-dispatcher.type").Should().Be("Dispatcher");
        akka.GetInt("akka.actor.web-dispatcher.throughput").Should().Be(5);
        akka.GetInt("akka.actor.web-dispatcher.fork-join-executor.parallelism-max").Should().Be(4);
    }

    [Fact]
    public void The_reference_defaults_are_present_when_the_user_sets_nothing()
    {
        var akka = Bridge("");

        akka.GetString("akka.loglevel").Should().Be("INFO");
        akka.GetString("akka.stdout-loglevel").Should().Be("off");
        akka.GetStringList("akka.loggers").Should().Equal("Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog");
        akka.GetString("akka.logger-formatter").Should().Be("Akka.Logger.Serilog.SerilogLogMessageFormatter, Akka.Logger.Serilog");
        akka.GetBoolean("akka.log-dead-letters-during-shutdown").Should().BeFalse();
        akka.GetString(WardenAkkaIds.PinnedDispatcher + ".type").Should().Be(typeof(QuietPinnedDispatcherConfigurator).FullName + ", ActorWarden.Supervision");
        akka.GetString(WardenAkkaIds.ControlAwareMailbox + ".mailbox-type").Should().Be(typeof(ControlAwareMailbox).FullName + ", ActorWarden.Supervision");
    }

    [Fact]
    public void Strings_and_keys_with_special_characters_survive_exactly()
    {
        var tricky = "quote \" backslash \\ newline \n tab \t unicode é 😀 ${not.a.substitution} // # { } [ ] = : , \u0001";
        var escaped = tricky.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\t", "\\t").Replace("\u0001", "\\u0001");

        var akka = Bridge($$"""
            akka.warden-test { text = "{{escaped}}", "a.b c" = "dotted key", "" = empty-key }
            akka.actor.deployment { "/user/web.1" { dispatcher = akka.actor.warden-pinned } }
            """);

        akka.GetString("akka.warden-test.text").Should().Be(tricky);
        akka.GetConfig("akka.warden-test").Root.GetObject().Items.Keys.Should().Contain(["a.b c", ""]);
        akka.GetString("akka.actor.deployment.\"/user/web.1\".dispatcher").Should().Be("akka.actor.warden-pinned");
    }

    [Fact]
    public void Substitutions_are_resolved_by_our_parser_before_akka_sees_them()
    {
        Environment.SetEnvironmentVariable("WARDEN_BRIDGE_TEST_LEVEL", "WARNING");
        try
        {
            var akka = Bridge("""
                pool = 7
                akka.loglevel = ${WARDEN_BRIDGE_TEST_LEVEL}
                akka.actor.web-dispatcher.fork-join-executor.parallelism-max = ${pool}
                akka.warden-test.name = ${warden.name}"-system"
                akka.loggers += "Extra.Logger, Extra"
                akka.warden-test.optional = ${?WARDEN_BRIDGE_TEST_UNSET}
                """);

            akka.GetString("akka.loglevel").Should().Be("WARNING");
            akka.GetInt("akka.actor.web-dispatcher.fork-join-executor.parallelism-max").Should().Be(7);
            akka.GetString("akka.warden-test.name").Should().Be("warden-system");
            akka.GetStringList("akka.loggers").Should().Equal("Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog", "Extra.Logger, Extra");
            akka.HasPath("akka.warden-test.optional").Should().BeFalse();
        }
        finally
        {
            Environment.SetEnvironmentVariable("WARDEN_BRIDGE_TEST_LEVEL", null);
        }
    }

    [Fact]
    public void Durations_sizes_numbers_and_booleans_read_as_akka_expects()
    {
        var akka = Bridge("""
            akka.warden-test {
              short = 100us, spaced = 5 s, plain = 1500, long = 2.5 minutes
              size = 10 MiB, big = 12345678901234, ratio = 0.75, on = on, off = false
            }
            """);

        akka.GetTimeSpan("akka.warden-test.short").Should().Be(TimeSpan.FromMicroseconds(100));
        akka.GetTimeSpan("akka.warden-test.spaced").Should().Be(TimeSpan.FromSeconds(5));
        akka.GetTimeSpan("akka.warden-test.plain").Should().Be(TimeSpan.FromMilliseconds(1500));
        akka.GetTimeSpan("akka.warden-test.long").Should().Be(TimeSpan.FromSeconds(150));
        akka.GetByteSize("akka.warden-test.size").Should().Be(10 * 1024 * 1024);
        akka.GetLong("akka.warden-test.big").Should().Be(12345678901234);
        akka.GetDouble("akka.warden-test.ratio").Should().Be(0.75);
        akka.GetBoolean("akka.warden-test.on").Should().BeTrue();
        akka.GetBoolean("akka.warden-test.off").Should().BeFalse();
    }

    [Fact]
    public void Unknown_keys_under_akka_are_akkas_business_and_validate_accepts_them()
    {
        using var file = new TempConfig(Service + "akka { no-such-akka-setting = 1, actor.whatever { x = y } }\n");

        var act = () => WardenConfigLoader.Load(file.Path);

        act.Should().NotThrow();
    }

    [Fact]
    public void An_akka_section_that_is_not_an_object_is_reported_with_file_line_and_column()
    {
        using var file = new TempConfig(Service + "akka = 5\n");

        var act = () => WardenConfigLoader.Load(file.Path);

        act.Should().Throw<WardenConfigException>().Which.Errors.Select(e => e.ToString())
            .Should().ContainSingle().Which.Should().StartWith($"{file.Path}:2:8: akka: expected an object");
    }

    [Fact]
    public void A_warden_error_beside_an_akka_section_still_carries_file_line_and_column()
    {
        using var file = new TempConfig(Service + "akka.loglevel = DEBUG\nwarden.shutdown-timeuot = 5s\n");

        var act = () => WardenConfigLoader.Load(file.Path);

        act.Should().Throw<WardenConfigException>().Which.Errors.Select(e => e.ToString())
            .Should().ContainSingle().Which.Should().StartWith($"{file.Path}:3:1: shutdown-timeuot: unknown key");
    }

    [Fact]
    public async Task An_actor_system_starts_from_the_bridged_reference_with_its_logger_dispatcher_and_mailbox()
    {
        var config = Bridge("akka.loglevel = WARNING");
        var system = ActorSystem.Create("bridge-test", config);
        try
        {
            var echo = system.ActorOf(Props.Create(() => new Echo())
                .WithDispatcher(WardenAkkaIds.PinnedDispatcher)
                .WithMailbox(WardenAkkaIds.ControlAwareMailbox));

            var reply = await echo.Ask<string>("ping", TimeSpan.FromSeconds(10));

            reply.Should().Be("ping");
            system.Settings.Loggers.Should().Equal("Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog");
        }
        finally
        {
            await system.Terminate();
        }
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }
}
