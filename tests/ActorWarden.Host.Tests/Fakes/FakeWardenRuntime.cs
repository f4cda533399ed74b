using System.Collections.Concurrent;
using ActorWarden.Contracts.Control;

namespace ActorWarden.Host.Tests.Fakes;

/// <summary>
/// A runtime whose start, readiness, liveness and stop the test controls. By default it starts,
/// becomes ready at once, answers pings and stops with exit code 0.
/// </summary>
public sealed class FakeWardenRuntime : IWardenRuntime
{
    private readonly TaskCompletionSource<int> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pings;

    public FakeWardenControl FakeControl { get; } = new();

    public IWardenControl Control => FakeControl;

    public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WhenReady => Ready.Task;

    public Task<int> Completion => _completion.Task;

    /// <summary>False to leave <see cref="Ready"/> for the test to complete.</summary>
    public bool ReadyOnStart { get; set; } = true;

    public Exception? StartFailure { get; set; }

    public TaskCompletionSource StartCalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answers each ping, given its 1-based number.</summary>
    public Func<int, Task<bool>> PingAnswer { get; set; } = _ => Task.FromResult(true);

    public int Pings => Volatile.Read(ref _pings);

    /// <summary>Runs on each stop call before the runtime completes; return without completing to hang the stop.</summary>
    public Func<TimeSpan, Task>? OnStop { get; set; }

    public ConcurrentQueue<TimeSpan> StopCalls { get; } = new();

    public TaskCompletionSource StopCalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Disposed { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        StartCalled.TrySetResult();
        if (StartFailure is not null)
        {
            return Task.FromException(StartFailure);
        }

        if (ReadyOnStart)
        {
            Ready.TrySetResult();
        }

        return Task.CompletedTask;
    }

    public Task<bool> PingAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => PingAnswer(Interlocked.Increment(ref _pings));

    public async Task StopAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        StopCalls.Enqueue(timeout);
        StopCalled.TrySetResult();
        if (OnStop is not null)
        {
            await OnStop(timeout);
        }

        _completion.TrySetResult(0);
    }

    /// <summary>The root policy gives up: the runtime ends on its own with <paramref name="exitCode"/>.</summary>
    public void GiveUp(int exitCode) => _completion.TrySetResult(exitCode);

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
