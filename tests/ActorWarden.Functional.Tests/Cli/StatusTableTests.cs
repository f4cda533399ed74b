using ActorWarden.Contracts;
using ActorWarden.ControlPlane.Client.Output;

namespace ActorWarden.Functional.Tests.Cli;

/// <summary>The `warden status` table: aligned columns, plain text in pipes, color only on the state, and text from services kept on one line.</summary>
public sealed class StatusTableTests
{
    private static readonly InstanceStatus Web = new("web-1", "web", "front", "/user/warden/front/web/web-1", ProcessState.Running, 4242, TimeSpan.FromSeconds(75), 2, 1, null, "healthy", 3 * 1024 * 1024, null) { CpuTime = TimeSpan.FromSeconds(1.25), Tasks = 3 };
    private static readonly InstanceStatus Db = new("database-primary", "database", "data", "/user/warden/data/database/database-primary", ProcessState.Fatal, null, null, 5, null, 9, "none", null, "exited too quickly\n\u001b[2Jcleared");

    private static WardenStatus Status(params InstanceStatus[] instances) =>
        new("/etc/warden.conf", TimeSpan.FromHours(2.5), [], instances, new WardenRuntimeStats(0, 0, 0, 0)) { Containment = "cgroup-v2" };

    private static string[] Render(WardenStatus status, bool color)
    {
        var writer = new StringWriter();
        StatusTable.Write(status, writer, color);
        return writer.ToString().Split('\n');
    }

    [Fact]
    public void Columns_line_up_and_rows_carry_every_field()
    {
        var lines = Render(Status(Web, Db), color: false);

        lines[0].Should().Be("INSTANCE          GROUP  STATE    PID   UPTIME  RESTARTS  LAST EXIT  HEALTH   RSS   CPU   TASKS  DESCRIPTION");
        lines[1].Should().MatchRegex("^─+$").And.HaveLength(lines[3].Length, "the rule spans the widest row");
        lines[2].Should().Be("web-1             front  RUNNING  4242  1m15s   2         1          healthy  3.0M  1.3s  3");
        lines[3].Should().Be("database-primary  data   FATAL    -     -       5         signal 9   none     -     -     -      exited too quickly  [2Jcleared");
        lines[4].Should().Be("2 instances: 1 running, 1 fatal; warden up 2h30m; containment cgroup-v2");
        lines[5].Should().BeEmpty();
    }

    [Fact]
    public void Only_a_terminal_gets_color_and_only_on_the_state()
    {
        var plain = string.Join('\n', Render(Status(Web, Db), color: false));
        var colored = Render(Status(Web, Db), color: true);

        plain.Should().NotContain("\u001b[");
        colored[2].Should().Contain("\u001b[32mRUNNING\u001b[0m  ");
        colored[3].Should().Contain("\u001b[31mFATAL\u001b[0m    ");
        colored[3].Should().NotContain("\u001b[2J", "a service's text never reaches the terminal as an escape");
    }

    [Fact]
    public void On_a_cluster_node_a_NODE_column_follows_the_group_and_the_summary_counts_the_nodes()
    {
        var status = Status(Web with { Node = "127.0.0.1:4053" }, Db with { Node = "127.0.0.1:4054" }) with
        {
            Nodes = [new ClusterNodeStatus("127.0.0.1:4053", "up", true, true, true), new ClusterNodeStatus("127.0.0.1:4054", "up", false, false, false)],
        };

        var lines = Render(status, color: true);

        lines[0].Should().Be("INSTANCE          GROUP  NODE            STATE    PID   UPTIME  RESTARTS  LAST EXIT  HEALTH   RSS   CPU   TASKS  DESCRIPTION");
        lines[2].Should().StartWith("web-1             front  127.0.0.1:4053  \u001b[32mRUNNING\u001b[0m  4242", "the state is still the colored cell");
        lines[4].Should().Be("2 instances: 1 running, 1 fatal; warden up 2h30m; containment cgroup-v2; 2 nodes (1 up)");
    }

    [Fact]
    public void An_empty_warden_prints_the_header_and_the_summary()
    {
        var lines = Render(Status(), color: false);

        lines[0].Should().StartWith("INSTANCE").And.EndWith("DESCRIPTION");
        lines[2].Should().Be("0 instances: ; warden up 2h30m; containment cgroup-v2");
    }
}
