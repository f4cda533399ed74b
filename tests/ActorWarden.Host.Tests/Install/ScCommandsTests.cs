using ActorWarden.Host.Install;

namespace ActorWarden.Host.Tests.Install;

public sealed class ScCommandsTests
{
    private static readonly ServiceInstallRequest Request = new(
        "warden",
        @"C:\ProgramData\ActorWarden\warden.conf",
        new[] { @"C:\Program Files\ActorWarden\warden.exe" },
        TimeSpan.FromSeconds(30),
        ServiceInstallTarget.WindowsService,
        DryRun: true);

    [Fact]
    public void Renders_the_golden_sc_commands()
    {
        ScCommands.Install(Request).Should().Equal(
            """sc.exe create warden binPath= "\"C:\Program Files\ActorWarden\warden.exe\" run --service \"C:\ProgramData\ActorWarden\warden.conf\"" start= auto DisplayName= "ActorWarden (warden)" """.TrimEnd(),
            """sc.exe description warden "ActorWarden process supervisor running C:\ProgramData\ActorWarden\warden.conf" """.TrimEnd(),
            "sc.exe failure warden reset= 86400 actions= restart/5000/restart/10000/restart/30000",
            "sc.exe failureflag warden 1",
            "powershell.exe -NoProfile -Command \"New-EventLog -LogName Application -Source 'warden'\"");
        ScCommands.Uninstall(Request).Should().Equal(
            "sc.exe stop warden",
            "sc.exe delete warden",
            "powershell.exe -NoProfile -Command \"Remove-EventLog -Source 'warden'\"");
    }

    [Fact]
    public void The_binary_path_is_what_the_SCM_runs()
    {
        ScCommands.BinaryPath(Request).Should().Be("""
            "C:\Program Files\ActorWarden\warden.exe" run --service "C:\ProgramData\ActorWarden\warden.conf"
            """);
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData(@"C:\dir\", @"""C:\dir\\""")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData(@"a\""b", @"""a\\\""b""")]
    public void Quotes_for_the_Windows_command_line(string argument, string expected) =>
        ScCommands.Quote(argument).Should().Be(expected);
}
