using System.Text;
using ActorWarden.Supervision.Logs;
using ActorWarden.Supervision.Logs.Syslog;

namespace ActorWarden.Supervision.Tests.Logs;

public sealed class SyslogFormatterTests
{
    private static readonly DateTimeOffset Ts = new(2026, 11, 21, 10, 14, 2, 123, TimeSpan.Zero);

    [Fact]
    public void Stdout_is_info_and_stderr_is_err_of_the_facility()
    {
        var formatter = new SyslogFormatter(SyslogFacility.Parse("local3"), "box", "web", int.MaxValue);

        Encoding.UTF8.GetString(formatter.Format(LogStream.Stdout, 4321, Ts, "hello"))
            .Should().Be("<158>1 2026-11-21T10:14:02.123000Z box web 4321 stdout - hello");
        Encoding.UTF8.GetString(formatter.Format(LogStream.Stderr, 4321, Ts, "oops"))
            .Should().Be("<155>1 2026-11-21T10:14:02.123000Z box web 4321 stderr - oops");
    }

    [Fact]
    public void Header_fields_are_reduced_to_printable_ascii_within_their_limits()
    {
        var formatter = new SyslogFormatter(1, "", "my app with spaces and a very long name that goes past forty-eight", int.MaxValue);

        var text = Encoding.UTF8.GetString(formatter.Format(LogStream.Stdout, 1, Ts, "x"));

        text.Should().Be("<14>1 2026-11-21T10:14:02.123000Z - my_app_with_spaces_and_a_very_long_name_that_goe 1 stdout - x");
    }

    [Fact]
    public void Long_messages_are_truncated_at_a_character_boundary()
    {
        var formatter = new SyslogFormatter(1, "box", "web", 100);

        var bytes = formatter.Format(LogStream.Stdout, 1, Ts, string.Concat(Enumerable.Repeat("é", 200)));

        bytes.Length.Should().BeLessThanOrEqualTo(100).And.BeGreaterThan(96);
        Encoding.UTF8.GetString(bytes).Should().NotContain("\uFFFD");
    }

    [Theory]
    [InlineData("user", 1)]
    [InlineData("LOCAL7", 23)]
    [InlineData("daemon", 3)]
    [InlineData("16", 16)]
    public void Facilities_are_parsed_by_name_or_number(string name, int code) =>
        SyslogFacility.Parse(name).Should().Be(code);

    [Theory]
    [InlineData("locl0")]
    [InlineData("24")]
    [InlineData("")]
    public void An_unknown_facility_names_the_setting(string name) =>
        FluentActions.Invoking(() => SyslogFacility.Parse(name))
            .Should().Throw<ArgumentException>().WithMessage($"logs.ship.syslog.facility: '{name}' is not a syslog facility*");
}
