using ActorWarden.Cli.Native;

namespace ActorWarden.Functional.Tests.Cli;

/// <summary>
/// Which command lines the native front answers itself: only the forms of `warden status` whose answer
/// it can give word for word; everything else goes to the managed warden.
/// </summary>
public sealed class StatusQuestionTests
{
    [Theory]
    [InlineData("status", null, false)]
    [InlineData("status|--json", null, true)]
    [InlineData("-c|w.conf|status", "w.conf", false)]
    [InlineData("status|--config|/etc/w.conf|--json", "/etc/w.conf", true)]
    [InlineData("status|--json|-c|w.conf", "w.conf", true)]
    public void The_front_answers_status_with_json_and_a_config(string args, string? config, bool json)
    {
        StatusQuestion.Parse(Words(args)).Should().Be(new StatusQuestion(config, json));
    }

    [Theory]
    [InlineData("")]
    [InlineData("version")]
    [InlineData("run|w.conf")]
    [InlineData("status|--help")]
    [InlineData("--json|status")]
    [InlineData("status|--json|--json")]
    [InlineData("status|status")]
    [InlineData("status|web")]
    [InlineData("status|-c")]
    [InlineData("status|-c|--json")]
    [InlineData("status|-c|")]
    [InlineData("status|--config=w.conf")]
    [InlineData("status|-c|a.conf|--config|b.conf")]
    [InlineData("@args.rsp")]
    [InlineData("status|-c|@args.rsp")]
    public void Everything_else_goes_to_the_managed_warden(string args)
    {
        StatusQuestion.Parse(Words(args)).Should().BeNull();
    }

    /// <summary>A command line written with | between its words ("status|-c|" ends with an empty word).</summary>
    private static string[] Words(string args) => args.Length == 0 ? [] : args.Split('|');
}
