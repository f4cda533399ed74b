using ActorWarden.Processes.Notify;
using ActorWarden.Supervision.Notify;

namespace ActorWarden.Supervision.Tests.Notify;

public sealed class NotifySenderCheckTests
{
    private const int Spawned = 100;

    public static TheoryData<string, NotifySender?, bool, int?, bool> Cases => new()
    {
        { "the spawned process itself", new NotifySender(Spawned, 1000, 1000, 1, Spawned), false, null, true },
        { "a child of the spawned process (sh -c running python)", new NotifySender(101, 1000, 1000, Spawned, Spawned), false, null, true },
        { "a grandchild that was reparented but stayed in the session", new NotifySender(102, 1000, 1000, 1, Spawned), false, null, true },
        { "the announced MAINPID that left the session", new NotifySender(300, 1000, 1000, 1, 300), false, 300, true },
        { "a child of the announced MAINPID", new NotifySender(301, 1000, 1000, 300, 300), false, 300, true },
        { "a process of another session", new NotifySender(555, 1000, 1000, 1, 555), false, null, false },
        { "another instance's process", new NotifySender(200, 1000, 1000, 1, 200), false, 300, false },
        { "a sender gone before /proc was read", new NotifySender(556, 1000, 1000, null, null), false, null, false },
        { "no credentials", null, false, null, false },
        { "the spawned process, but truncated", new NotifySender(Spawned, 1000, 1000, 1, Spawned), true, null, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Accepts_only_the_instances_process_tree(string because, NotifySender? sender, bool truncated, int? mainPid, bool accepted)
    {
        var refusal = NotifySenderCheck.Refusal(sender, truncated, Spawned, mainPid);

        (refusal is null).Should().Be(accepted, because);
    }

    [Fact]
    public void A_refusal_says_which_pid_and_why()
    {
        NotifySenderCheck.Refusal(new NotifySender(555, 0, 0, 1, 555), false, Spawned, null)
            .Should().Be("pid 555 (session 555, parent 1) is not in the instance's process tree");
    }
}
