using ActorWarden.Supervision.Notify;

namespace ActorWarden.Supervision.Tests.Notify;

public sealed class NotifyMessageTests
{
    [Theory]
    [InlineData("READY=1", true, false, false, false, false, null, null)]
    [InlineData("READY=1\nSTATUS=loaded 3 tables", true, false, false, false, false, "loaded 3 tables", null)]
    [InlineData("WATCHDOG=1", false, false, false, true, false, null, null)]
    [InlineData("WATCHDOG=trigger", false, false, false, false, true, null, null)]
    [InlineData("STOPPING=1\n", false, false, true, false, false, null, null)]
    [InlineData("RELOADING=1\nMONOTONIC_USEC=123", false, true, false, false, false, null, null)]
    [InlineData("MAINPID=4242", false, false, false, false, false, null, 4242)]
    [InlineData("MAINPID=-1\nMAINPID=x", false, false, false, false, false, null, null)]
    [InlineData("READY=0\nWATCHDOG=2\nFDSTORE=1\n=1\nno equals", false, false, false, false, false, null, null)]
    [InlineData("STATUS=a=b\nSTATUS=second wins", false, false, false, false, false, "second wins", null)]
    [InlineData("", false, false, false, false, false, null, null)]
    [InlineData("READY=1\r\nSTATUS=from cmd.exe\r\n", true, false, false, false, false, "from cmd.exe", null)]
    public void Parses_the_assignments_of_sd_notify(string payload, bool ready, bool reloading, bool stopping, bool watchdog, bool trigger, string? status, int? mainPid)
    {
        var message = NotifyMessage.Parse(payload);

        message.Should().Be(new NotifyMessage(ready, reloading, stopping, watchdog, trigger, status, mainPid, null));
    }

    [Fact]
    public void Only_status_stopping_reloading_main_pid_and_errno_are_notices_to_show()
    {
        NotifyMessage.Parse("READY=1\nWATCHDOG=1").HasNotice.Should().BeFalse();
        NotifyMessage.Parse("STATUS=x").HasNotice.Should().BeTrue();
        NotifyMessage.Parse("ERRNO=5").HasNotice.Should().BeTrue();
        NotifyMessage.Parse("STOPPING=1").HasNotice.Should().BeTrue();
    }

    [Fact]
    public void The_status_line_joins_the_notices_before_the_status_text()
    {
        NotifyNotice.Of(7, NotifyMessage.Parse("STOPPING=1\nSTATUS=draining 12 connections")).Describe().Should().Be("stopping: draining 12 connections");
        NotifyNotice.Of(7, NotifyMessage.Parse("RELOADING=1")).Describe().Should().Be("reloading");
        NotifyNotice.Of(7, NotifyMessage.Parse("READY=1")).Describe().Should().BeNull();
    }
}
