using ActorWarden.Cli.Commands;

namespace ActorWarden.Functional.Tests.Cli;

public sealed class CommandTreeTests
{
    [Fact]
    public void Each_verb_is_the_name_of_the_command_it_builds()
    {
        CommandTree.For([]).Subcommands.Select(c => c.Name).Should().Equal(CommandTree.Verbs.Select(v => v.Name));
    }

    [Fact]
    public void A_verb_first_builds_that_verb_alone()
    {
        CommandTree.For(["status", "--json"]).Subcommands.Select(c => c.Name).Should().Equal("status");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-c")]
    [InlineData("stauts")]
    public void Anything_else_first_builds_the_whole_tree(string first)
    {
        CommandTree.For([first, "status"]).Subcommands.Should().HaveCount(CommandTree.Verbs.Count);
    }
}
