using ActorWarden.Host.Windows;

namespace ActorWarden.Host.Tests.Fakes;

/// <summary>
/// The SCM's side of a service process: runs ServiceMain on a thread of its own, records every
/// SetServiceStatus call, sends controls through the registered handler, and returns from the
/// dispatcher once Stopped is reported, as StartServiceCtrlDispatcher does.
/// </summary>
public sealed class FakeScm : IScmApi, IScmStatusHandle
{
    private readonly object _gate = new();
    private readonly List<ServiceStatusReport> _reports = new();
    private readonly ManualResetEventSlim _stopped = new();
    private Func<ServiceControl, int>? _handler;

    /// <summary>Nonzero to fail the dispatcher as when the process was not started by the SCM (1063).</summary>
    public int DispatcherError { get; init; }

    public string? RegisteredName { get; private set; }

    public IReadOnlyList<ServiceStatusReport> Reports
    {
        get
        {
            lock (_gate)
            {
                return _reports.ToArray();
            }
        }
    }

    public IReadOnlyList<ServiceState> States => Reports.Select(r => r.State).ToArray();

    public int RunDispatcher(string serviceName, Action<string[]> serviceMain)
    {
        if (DispatcherError != 0)
        {
            return DispatcherError;
        }

        var main = new Thread(() => serviceMain(new[] { serviceName })) { IsBackground = true, Name = "fake-scm-service-main" };
        main.Start();
        _stopped.Wait(TimeSpan.FromSeconds(30));
        return 0;
    }

    public IScmStatusHandle RegisterControlHandler(string serviceName, Func<ServiceControl, int> handler)
    {
        RegisteredName = serviceName;
        _handler = handler;
        return this;
    }

    public int SetStatus(ServiceStatusReport status)
    {
        lock (_gate)
        {
            _reports.Add(status);
        }

        if (status.State == ServiceState.Stopped)
        {
            _stopped.Set();
        }

        return 0;
    }

    public int Send(ServiceControl control) =>
        (_handler ?? throw new InvalidOperationException("no control handler registered yet"))(control);

    public Task WaitForState(ServiceState state) =>
        Eventually.True(() => States.Contains(state), "service state " + state);
}
