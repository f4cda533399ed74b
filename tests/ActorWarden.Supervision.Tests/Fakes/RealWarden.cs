using ActorWarden.Config;
using ActorWarden.Processes;
using ActorWarden.Supervision.Runtime;

namespace ActorWarden.Supervision.Tests.Fakes;

/// <summary>
/// The real tree with real processes on real time, in a temporary folder that holds the events file,
/// the state file and the logs; disposing stops the warden (no orphan) and removes the folder.
/// </summary>
public sealed class RealWarden : IAsyncDisposable
{
    private RealWarden(string folder, WardenSettings settings, Func<WardenSettings>? reloader, IProcessLauncher? launcher)
    {
        Folder = folder;
        Events = new EventCapture();
        Launcher = launcher ?? ProcessLauncher.ForCurrentOs();
        Warden = new Warden(settings, new WardenRuntimeOptions
        {
            Launcher = Launcher,
            Logger = new Serilog.LoggerConfiguration().CreateLogger(),
            Observers = [Events],
            Reloader = reloader,
        });
    }

    public string Folder { get; }

    public EventCapture Events { get; }

    public Warden Warden { get; }

    /// <summary>The launcher the warden runs its services with (uncontained unless a test passed one).</summary>
    public IProcessLauncher Launcher { get; }

    public string EventsFile => Path.Combine(Folder, "logs", "events.jsonl");

    /// <summary>Starts the settings built for a fresh temporary folder (services are shell snippets run by /bin/sh -c).</summary>
    public static async Task<RealWarden> StartAsync(Func<string, WardenSettings> settingsFor, Func<WardenSettings>? reloader = null, IProcessLauncher? launcher = null)
    {
        var folder = Directory.CreateTempSubdirectory("warden-tree-").FullName;
        var warden = new RealWarden(folder, settingsFor(folder), reloader, launcher);
        await warden.Warden.StartAsync();
        return warden;
    }

    public static ServiceSpec Shell(string name, string script, string folder, Func<ServiceSpec, ServiceSpec>? configure = null)
    {
        var spec = new ServiceSpec
        {
            Name = name,
            Command = "/bin/sh",
            Args = ["-c", script],
            Directory = folder,
            StartSeconds = TimeSpan.FromMilliseconds(200),
            Backoff = new BackoffSpec { Min = TimeSpan.FromMilliseconds(50), Jitter = 0 },
            Stop = new StopSpec { Timeout = TimeSpan.FromSeconds(2) },
            Logs = new LogSpec { Enabled = false, Directory = Path.Combine(folder, "logs") },
        };
        return configure is null ? spec : configure(spec);
    }

    public static WardenSettings Settings(string folder, params ServiceSpec[] services) => new()
    {
        Name = "real",
        BaseDirectory = folder,
        EventsFile = Path.Combine(folder, "logs", "events.jsonl"),
        StateFile = Path.Combine(folder, "state", "warden.state.json"),
        LogsDirectory = Path.Combine(folder, "logs"),
        ShutdownTimeout = TimeSpan.FromSeconds(10),
        Services = services,
    };

    public async Task<InstanceStatus> StatusAsync(string instance) =>
        (await Warden.GetStatusAsync()).Instances.Single(i => i.Name == instance);

    /// <summary>The shared <see cref="TestSupport.Eventually"/>, in the argument order these tests were written with.</summary>
    public static Task Eventually(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null) =>
        TestSupport.Eventually.True(condition, because ?? "the condition", timeout);

    public Task WaitForState(string instance, ProcessState state, TimeSpan? timeout = null) =>
        Eventually(async () => (await StatusAsync(instance)).State == state, timeout, $"{instance} to be {state}");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Warden.StopAsync(TimeSpan.FromSeconds(10)).WaitAsync(TimeSpan.FromSeconds(30));

            // A group may be kept for reuse by an exit the shutdown's own cleanup did not see yet.
            Launcher.RemoveIdleGroups();
        }
        finally
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
