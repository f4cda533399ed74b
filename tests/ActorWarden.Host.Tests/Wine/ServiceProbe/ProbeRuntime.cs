using System.Diagnostics;
using System.Globalization;
using ActorWarden.Supervision.Control;

namespace ActorWarden.Host.ServiceProbe;

/// <summary>
/// The smallest honest runtime: one child in a kill-on-close job, ready once started, stopped by
/// terminating the job. Config line: <c>markers=DIR</c>. A <c>give-up.txt</c> holding an exit code in DIR
/// ends the runtime on its own, like a root policy that gave up.
/// </summary>
internal sealed class ProbeRuntime : IWardenRuntime
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, string> _settings;
    private readonly string _markers;
    private JobObject? _job;
    private Process? _child;

    public ProbeRuntime(string configFile)
    {
        _settings = File.ReadAllLines(configFile)
            .Where(line => line.Contains('=', StringComparison.Ordinal))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim());
        _markers = _settings["markers"];
        Control = new ProbeControl(configFile);
    }

    public IWardenControl Control { get; }

    public Task WhenReady => _ready.Task;

    public Task<int> Completion => _completion.Task;

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        _job = new JobObject();
        _child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, new[] { "child", _markers, "1" }) { UseShellExecute = false })!;
        _job.Assign(_child.Handle);
        File.WriteAllText(Path.Combine(_markers, "runtime-started.txt"), _child.Id.ToString(CultureInfo.InvariantCulture));
        _ready.TrySetResult();
        _ = WatchForGiveUpAsync();
        return Task.CompletedTask;
    }

    public Task<bool> PingAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => Task.FromResult(true);

    public async Task StopAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        KillTree();
        if (_child is not null)
        {
            await _child.WaitForExitAsync(cancellationToken);
        }

        File.WriteAllText(Path.Combine(_markers, "runtime-stopped.txt"), "stopped");
        _completion.TrySetResult(0);
    }

    public ValueTask DisposeAsync()
    {
        _job?.Dispose();
        _child?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The test drops <c>give-up.txt</c> (holding an exit code) into the marker folder once it has seen the tree alive.</summary>
    private async Task WatchForGiveUpAsync()
    {
        var trigger = Path.Combine(_markers, "give-up.txt");
        while (!_completion.Task.IsCompleted)
        {
            if (File.Exists(trigger) && int.TryParse(File.ReadAllText(trigger).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var exitCode))
            {
                GiveUp(exitCode);
                return;
            }

            await Task.Delay(100);
        }
    }

    private void GiveUp(int exitCode)
    {
        KillTree();
        _completion.TrySetResult(exitCode);
    }

    private void KillTree() => _job?.Terminate(1);
}
