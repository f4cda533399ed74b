using ActorWarden.Processes.Linux;

namespace ActorWarden.Processes.Tests.Support;

/// <summary>
/// A launcher forced into one containment mode under a warden id of its own, so tests running in
/// parallel never see each other's groups. Dispose kills every tree it started, kills anything a
/// test left in its pids list, and removes the warden's base groups.
/// </summary>
internal sealed class ContainedScope : IDisposable
{
    private readonly List<IChildProcess> _children = [];
    private readonly List<(int Pid, ulong StartTime)> _strays = [];

    private readonly SpawnPath _path;

    public ContainedScope(ContainmentSetting setting, string? wardenId = null, SpawnPath path = SpawnPath.Native)
    {
        _path = path;
        WardenId = wardenId ?? "test-" + Guid.NewGuid().ToString("N")[..12];
        Launcher = ProcessLauncher.Create(new ContainmentOptions { Setting = setting, WardenId = WardenId });
    }

    public string WardenId { get; }

    public IProcessLauncher Launcher { get; }

    public IChildProcess Start(ProcessStartSpec spec)
    {
        NativeSpawner.Disabled = _path == SpawnPath.Gate;
        try
        {
            var child = Launcher.Start(spec);
            _children.Add(child);
            return child;
        }
        finally
        {
            NativeSpawner.Disabled = false;
        }
    }

    /// <summary>Processes a test expects to be gone; killed on dispose if they are not, so a failing test leaves nothing.</summary>
    public void Expect(int pid)
    {
        if (ProcFs.ReadStartTime(pid) is { } startTime)
        {
            _strays.Add((pid, startTime));
        }
    }

    public void Dispose()
    {
        foreach (var child in _children)
        {
            child.KillTree();
            child.Exited.Wait(TimeSpan.FromSeconds(10));
            child.Dispose();
        }

        foreach (var (pid, startTime) in _strays)
        {
            var pidfd = LibC.PidfdOpen(pid);
            if (pidfd >= 0)
            {
                if (ProcFs.ReadStartTime(pid) == startTime)
                {
                    LibC.PidfdSendSignal(pidfd, (int)ProcessSignal.SIGKILL);
                }

                LibC.Close(pidfd);
            }
        }

        Launcher.ReapOrphans();
        Launcher.RemoveIdleGroups();
        ((LinuxProcessLauncher)Launcher).Cgroups?.RemoveBase();
    }
}

/// <summary>How a contained child reaches its group: joining it itself (libwardenspawn) or held at the /bin/sh gate.</summary>
public enum SpawnPath
{
    Native,
    Gate,
}
