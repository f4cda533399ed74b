using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActorWarden.Functional.Tests.Infrastructure;
using ActorWarden.TestSupport;

namespace ActorWarden.Cluster.Tests.Partition;

/// <summary>The partition tests' cut really drops traffic, both ways, of the group's processes only, and heals when disposed.</summary>
public sealed class CgroupTrafficCutTests
{
    private static readonly TimeSpan ConnectWait = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_process_in_the_cut_group_cannot_connect_out_while_others_can_and_can_again_once_the_cut_is_disposed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var group = IsolationCgroup.Create();

        using (CgroupTrafficCut.Attach(group.Directory))
        {
            (await ConnectFromGroupAsync(group, port)).Should().BeFalse("a connect from inside the cut group to 127.0.0.1 must not get through");
            (await ConnectAsync(port)).Should().BeTrue("processes outside the group keep their loopback traffic");
        }

        (await ConnectFromGroupAsync(group, port)).Should().BeTrue("disposing the cut heals it");
    }

    [Fact]
    public async Task A_listener_in_the_cut_group_is_unreachable_from_outside_until_the_cut_is_disposed()
    {
        await using var group = IsolationCgroup.Create();
        await using var warden = RunningWarden.Start("", cgroup: group.Directory);
        await warden.WaitForAsync(_ => true, TimeSpan.FromSeconds(60), "the warden in the group to answer status");
        group.Pids().Should().Contain(warden.Pid, "the warden runs in the group from its start");

        var cut = CgroupTrafficCut.Attach(group.Directory);
        try
        {
            (await ConnectAsync(warden.Port)).Should().BeFalse("a SYN to a socket of the cut group is dropped");
            warden.HasExited.Should().BeFalse("a cut process keeps running");
        }
        finally
        {
            cut.Dispose();
        }

        await Eventually.True(() => ConnectAsync(warden.Port), "the warden's control port to accept again once healed", TimeSpan.FromSeconds(60));
    }

    /// <summary>Whether a TCP connect to 127.0.0.1:<paramref name="port"/> from this process completes within a few seconds.</summary>
    private static async Task<bool> ConnectAsync(int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(ConnectWait);
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            return false;
        }
    }

    /// <summary>Whether bash, moved into <paramref name="group"/> before it opens any socket, connects to 127.0.0.1:<paramref name="port"/> within a few seconds.</summary>
    private static async Task<bool> ConnectFromGroupAsync(IsolationCgroup group, int port)
    {
        var psi = new ProcessStartInfo("/bin/bash") { UseShellExecute = false, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"echo $$ > '{group.Directory}/cgroup.procs' || exit 125; exec timeout {ConnectWait.TotalSeconds:0} bash -c 'exec 3<>/dev/tcp/127.0.0.1/{port}'");
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await Eventually.Within(process.WaitForExitAsync(), "the connecting bash to finish", TimeSpan.FromSeconds(30));
        process.ExitCode.Should().NotBe(125, $"bash must join the group first: {await stderr}");
        return process.ExitCode == 0;
    }
}
