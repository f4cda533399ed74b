using ActorWarden.Config;
using ActorWarden.Simulation.Scenarios;
using ActorWarden.Simulation.VirtualTime;
using ActorWarden.Supervision.Runtime;
using ActorWarden.Supervision.Tests.Fakes;

namespace ActorWarden.Supervision.Tests.Runtime;

/// <summary>
/// The real tree on virtual time, as <see cref="VirtualWarden"/>, but with the RSS seams open: a fake
/// own-RSS reader that counts its calls per pid, and a fixed tree RSS for max-memory services.
/// </summary>
internal sealed class RssWarden : IAsyncDisposable
{
    private readonly Dictionary<int, int> _reads = new();
    private readonly VirtualTimeSystem _virtual = WardenVirtualTime.Create();

    private RssWarden(WardenSettings settings, bool withReader, long treeRss)
    {
        Options = new WardenRuntimeOptions
        {
            Launcher = Launcher,
            ActorSystemProvider = () => _virtual.System,
            VirtualTime = true,
            Logger = new Serilog.LoggerConfiguration().CreateLogger(),
            WriteFiles = false,
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" },
            ResolveCommand = (command, _) => command,
            ReadTreeRss = _ => treeRss,
            ReadRss = withReader ? ReadOwnRss : null,
        };
        Warden = new Warden(settings, Options);
    }

    public VirtualTimeScheduler Time => _virtual.Time;

    public FakeProcessLauncher Launcher { get; } = new();

    public WardenRuntimeOptions Options { get; }

    public Warden Warden { get; }

    /// <summary>The fake own RSS of a pid: pid * 1000 bytes, so each reading names the process it came from.</summary>
    public static long OwnRssOf(int pid) => pid * 1000L;

    /// <summary>How many times the own-RSS reader was called for <paramref name="pid"/>.</summary>
    public int ReadsOf(int pid) => _reads.GetValueOrDefault(pid);

    /// <summary>How many times the own-RSS reader was called at all.</summary>
    public int Reads => _reads.Values.Sum();

    public static RssWarden Start(WardenSettings settings, bool withReader = true, long treeRss = 7_777_777)
    {
        var warden = new RssWarden(settings, withReader, treeRss);
        Drive(() => warden.Warden.StartAsync().GetAwaiter().GetResult());
        warden.Settle();
        return warden;
    }

    public void Settle() => VirtualClockDriver.Settle(Time);

    public void Advance(double seconds) => VirtualClockDriver.Advance(Time, TimeSpan.FromSeconds(seconds));

    public InstanceStatus Status(string instance) => Wait(Warden.GetStatusAsync()).Instances.Single(i => i.Name == instance);

    public async ValueTask DisposeAsync()
    {
        var stop = Warden.StopAsync(TimeSpan.FromSeconds(60));
        Wait(stop);
        await stop;
        _virtual.Dispose();
    }

    private long? ReadOwnRss(int pid)
    {
        _reads[pid] = ReadsOf(pid) + 1;
        return OwnRssOf(pid);
    }

    private T Wait<T>(Task<T> task)
    {
        Wait((Task)task);
        return task.GetAwaiter().GetResult();
    }

    private void Wait(Task task) => VirtualClockDriver.Wait(Time, task, TimeSpan.FromMinutes(10));

    private static void Drive(Action run) => VirtualClockDriver.Drive(run);
}
