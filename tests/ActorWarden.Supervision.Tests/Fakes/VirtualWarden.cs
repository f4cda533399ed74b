using ActorWarden.Config;
using ActorWarden.Contracts.Control;
using ActorWarden.Simulation.Scenarios;
using ActorWarden.Simulation.VirtualTime;
using ActorWarden.Supervision.Health;
using ActorWarden.Supervision.Runtime;

namespace ActorWarden.Supervision.Tests.Fakes;

/// <summary>
/// The real tree on virtual time with fake processes: every actor runs inline when the test moves the
/// clock, so hours of restart windows take milliseconds and every run is identical.
/// </summary>
public sealed class VirtualWarden : IAsyncDisposable
{
    private readonly VirtualTimeSystem _virtual;

    private VirtualWarden(WardenSettings settings, FakeProcessLauncher launcher, Func<WardenSettings>? reloader, Func<HealthSpec, IHealthProbe>? probes, int seed)
    {
        _virtual = WardenVirtualTime.Create();
        Time = _virtual.Time;
        Launcher = launcher;
        Events = new EventCapture();
        var options = new WardenRuntimeOptions
        {
            Launcher = launcher,
            ActorSystemProvider = () => _virtual.System,
            VirtualTime = true,
            Logger = new Serilog.LoggerConfiguration().CreateLogger(),
            WriteFiles = false,
            Observers = [Events],
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = "/home/test" },
            ResolveCommand = (command, _) => command.StartsWith('/') ? command : "/opt/fake/" + command,
            Reloader = reloader,
            HealthProbes = probes is null ? null : (spec, _) => probes(spec),
            ReadTreeRss = _ => 1024,
            RandomSeed = seed,
        };
        Warden = new Warden(settings, options);
    }

    public VirtualTimeScheduler Time { get; }

    public FakeProcessLauncher Launcher { get; }

    public EventCapture Events { get; }

    public Warden Warden { get; }

    public static VirtualWarden Start(
        WardenSettings settings,
        Action<FakeChildProcess>? onStart = null,
        Func<WardenSettings>? reloader = null,
        Func<HealthSpec, IHealthProbe>? probes = null,
        int seed = 1,
        Func<Processes.ProcessStartSpec, string?>? refuse = null)
    {
        var launcher = new FakeProcessLauncher { OnStart = onStart, Refuse = refuse };
        var warden = new VirtualWarden(settings, launcher, reloader, probes, seed);
        Drive(() => warden.Warden.StartAsync().GetAwaiter().GetResult());
        warden.Settle();
        return warden;
    }

    /// <summary>Runs everything ready now without moving the clock.</summary>
    public void Settle() => VirtualClockDriver.Settle(Time);

    public void Advance(TimeSpan duration) => VirtualClockDriver.Advance(Time, duration);

    /// <summary>Runs the next queued mailbox run only (no timers, no clock); false when nothing was queued.</summary>
    public bool Step()
    {
        var ran = false;
        Drive(() =>
        {
            if (Time.RunQueue.TryTake(out var work))
            {
                work.Run();
                ran = true;
            }
        });
        return ran;
    }

    public void Advance(double seconds) => Advance(TimeSpan.FromSeconds(seconds));

    /// <summary>Pumps the system until <paramref name="task"/> completes (at most <paramref name="virtualLimit"/> of virtual time).</summary>
    public T Wait<T>(Task<T> task, TimeSpan? virtualLimit = null)
    {
        Wait((Task)task, virtualLimit);
        return task.GetAwaiter().GetResult();
    }

    public void Wait(Task task, TimeSpan? virtualLimit = null) => VirtualClockDriver.Wait(Time, task, virtualLimit ?? TimeSpan.FromMinutes(5));

    private static void Drive(Action run) => VirtualClockDriver.Drive(run);

    public ControlResult Command(Func<IWardenControl, Task<ControlResult>> command) => Wait(command(Warden));

    public WardenStatus Status() => Wait(Warden.GetStatusAsync());

    public InstanceStatus Status(string instance) => Status().Instances.Single(i => i.Name == instance);

    public ProcessState State(string instance) => Status(instance).State;

    public async ValueTask DisposeAsync()
    {
        var stop = Warden.StopAsync(TimeSpan.FromSeconds(60));
        Wait(stop, TimeSpan.FromMinutes(10));
        await stop;
        _virtual.Dispose();
    }
}
