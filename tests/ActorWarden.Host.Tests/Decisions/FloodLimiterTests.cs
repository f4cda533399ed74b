using ActorWarden.Host.Decisions;
using Serilog.Events;
using static ActorWarden.Host.Tests.Decisions.Events;

namespace ActorWarden.Host.Tests.Decisions;

public sealed class FloodLimiterTests
{
    private static readonly FloodLimit Limit = new(3, TimeSpan.FromSeconds(10));
    private readonly FloodLimiter _limiter = new(Limit);

    [Fact]
    public void The_burst_passes_the_rest_of_the_window_is_counted_and_summarised_when_the_next_line_comes_after_it()
    {
        var admitted = Enumerable.Range(0, 1237).Select(i => _limiter.Admit(Exit("crasher"), T0.AddMilliseconds(i), out _)).ToList();

        admitted.Count(a => a).Should().Be(3);
        admitted.Take(3).Should().OnlyContain(a => a);

        _limiter.Admit(Exit("crasher"), T0.AddSeconds(10), out var closed).Should().BeTrue("a new window opens");
        closed.Should().Be(new FloodSummary(DecisionKind.ExitedUnexpected, "crasher", LogEventLevel.Warning, 1234, TimeSpan.FromSeconds(10)));
        closed!.ToLine().Text.Should().Be("… and 1,234 more exited events for crasher in the last 10 s");
    }

    [Fact]
    public void Keys_are_kind_and_subject_so_one_flood_does_not_hide_another_instance_or_kind()
    {
        for (var i = 0; i < 10; i++)
        {
            _limiter.Admit(Exit("crasher"), T0, out _);
        }

        _limiter.Admit(Exit("web-1"), T0, out _).Should().BeTrue();
        _limiter.Admit(new DecisionLine(DecisionKind.Spawned, LogEventLevel.Information, "crasher", "spawned"), T0, out _).Should().BeTrue();
    }

    [Fact]
    public void Expire_reports_a_flood_that_stopped_once_its_window_has_passed_and_never_twice()
    {
        for (var i = 0; i < 5; i++)
        {
            _limiter.Admit(Exit("crasher"), T0.AddSeconds(i), out _);
        }

        _limiter.Expire(T0.AddSeconds(9.999)).Should().BeEmpty("the window is still open");
        _limiter.Expire(T0.AddSeconds(10)).Should().ContainSingle().Which.Suppressed.Should().Be(2);
        _limiter.Expire(T0.AddSeconds(30)).Should().BeEmpty();
        _limiter.OpenWindows.Should().Be(0);
    }

    [Fact]
    public void A_window_closed_by_the_next_line_of_its_key_is_not_reported_again_by_Expire()
    {
        for (var i = 0; i < 5; i++)
        {
            _limiter.Admit(Exit("crasher"), T0, out _);
        }

        _limiter.Admit(Exit("crasher"), T0.AddSeconds(12), out var closed).Should().BeTrue();
        closed!.Suppressed.Should().Be(2);

        _limiter.Expire(T0.AddSeconds(15)).Should().BeEmpty("the first window was reported when the line closed it");
        _limiter.OpenWindows.Should().Be(1);
        _limiter.Expire(T0.AddSeconds(22)).Should().BeEmpty("the second window held nothing back");
        _limiter.OpenWindows.Should().Be(0);
    }

    [Fact]
    public void Expire_closes_exactly_the_windows_that_have_ended_among_many()
    {
        for (var n = 0; n < 1000; n++)
        {
            for (var i = 0; i < 4; i++)
            {
                _limiter.Admit(Exit($"crasher-{n}"), T0.AddMilliseconds(n), out _);
            }
        }

        var first = _limiter.Expire(T0.AddSeconds(10).AddMilliseconds(499));

        first.Select(s => s.Subject).Should().Equal(Enumerable.Range(0, 500).Select(n => $"crasher-{n}"));
        first.Should().OnlyContain(s => s.Suppressed == 1);
        _limiter.OpenWindows.Should().Be(500);
        _limiter.ExpireAll().Should().HaveCount(500);
        _limiter.OpenWindows.Should().Be(0);
    }

    [Fact]
    public void A_window_that_held_nothing_back_closes_without_a_summary()
    {
        _limiter.Admit(Exit("crasher"), T0, out _);

        _limiter.Admit(Exit("crasher"), T0.AddSeconds(11), out var closed).Should().BeTrue();
        closed.Should().BeNull();
        _limiter.ExpireAll().Should().BeEmpty();
    }

    [Fact]
    public void The_summary_carries_the_loudest_level_it_held_back()
    {
        for (var i = 0; i < 3; i++)
        {
            _limiter.Admit(new DecisionLine(DecisionKind.CapturedOutput, LogEventLevel.Warning, "web", "x"), T0, out _);
        }

        _limiter.Admit(new DecisionLine(DecisionKind.CapturedOutput, LogEventLevel.Information, "web", "x"), T0, out _);
        _limiter.Admit(new DecisionLine(DecisionKind.CapturedOutput, LogEventLevel.Warning, "web", "x"), T0, out _);

        _limiter.ExpireAll().Should().ContainSingle().Which.Should().Be(new FloodSummary(DecisionKind.CapturedOutput, "web", LogEventLevel.Warning, 2, Limit.Window));
    }

    private static DecisionLine Exit(string instance) =>
        new(DecisionKind.ExitedUnexpected, LogEventLevel.Warning, instance, $"exited: {instance} (exit status 1; not expected)");
}
