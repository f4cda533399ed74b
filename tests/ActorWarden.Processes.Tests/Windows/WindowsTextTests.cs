using ActorWarden.Processes.Windows;

namespace ActorWarden.Processes.Tests.Windows;

public sealed class WindowsTextTests
{
    [Theory]
    [InlineData(new string[0], "\"C:\\p\\app.exe\"")]
    [InlineData(new[] { "plain" }, "\"C:\\p\\app.exe\" plain")]
    [InlineData(new[] { "two words" }, "\"C:\\p\\app.exe\" \"two words\"")]
    [InlineData(new[] { "" }, "\"C:\\p\\app.exe\" \"\"")]
    [InlineData(new[] { "say \"hi\"" }, "\"C:\\p\\app.exe\" \"say \\\"hi\\\"\"")]
    [InlineData(new[] { "C:\\dir with space\\" }, "\"C:\\p\\app.exe\" \"C:\\dir with space\\\\\"")]
    [InlineData(new[] { "back\\\\slash" }, "\"C:\\p\\app.exe\" back\\\\slash")]
    [InlineData(new[] { "a\\\"b" }, "\"C:\\p\\app.exe\" \"a\\\\\\\"b\"")]
    public void Command_line_round_trips_through_the_msvc_rules(string[] arguments, string expected)
    {
        WindowsCommandLine.Build("C:\\p\\app.exe", arguments).Should().Be(expected);
    }

    [Fact]
    public void Program_path_with_a_quote_is_refused()
    {
        var build = () => WindowsCommandLine.Build("C:\\a\"b.exe", []);

        build.Should().Throw<ArgumentException>().WithMessage("*double quote*");
    }

    [Fact]
    public void Environment_block_is_sorted_case_insensitively_and_double_terminated()
    {
        var block = WindowsEnvironmentBlock.Build(new Dictionary<string, string> { ["b"] = "2", ["A"] = "1", ["c"] = string.Empty });

        block.Should().Be("A=1\0b=2\0c=\0\0");
    }

    [Fact]
    public void Empty_environment_is_a_valid_block()
    {
        WindowsEnvironmentBlock.Build(new Dictionary<string, string>()).Should().Be("\0\0");
    }

    [Fact]
    public void Invalid_variable_name_is_refused()
    {
        var build = () => WindowsEnvironmentBlock.Build(new Dictionary<string, string> { ["A=B"] = "1" });

        build.Should().Throw<ArgumentException>().WithMessage("environment variable 'A=B' cannot be passed*");
    }

    [Theory]
    [InlineData(null, 0x20u)]
    [InlineData(0, 0x20u)]
    [InlineData(-20, 0x80u)]
    [InlineData(-5, 0x8000u)]
    [InlineData(5, 0x4000u)]
    [InlineData(19, 0x40u)]
    public void Nice_maps_to_priority_classes(int? nice, uint priorityClass)
    {
        WindowsStartPreflight.PriorityClass(nice).Should().Be(priorityClass);
    }

    [Theory]
    [InlineData(0u, false, 0, null)]
    [InlineData(137u, true, null, 9)]
    [InlineData(137u, false, 137, null)]
    [InlineData(0xC0000005u, false, -1073741819, null)]
    public void Exit_codes_translate_to_process_exits(uint code, bool killRequested, int? exitCode, int? signal)
    {
        WindowsChildProcess.Translate(code, killRequested).Should().Be(new ProcessExit(exitCode, signal, false));
    }
}
