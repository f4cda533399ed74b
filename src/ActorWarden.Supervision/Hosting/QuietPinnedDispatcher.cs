using Akka.Dispatch;

namespace ActorWarden.Supervision.Hosting;

/// <summary>
/// A dispatcher with one thread of its own for one actor, like Akka's PinnedDispatcher, whose thread
/// sleeps when its queue is empty instead of spinning. Akka's PinnedDispatcher runs on a one-thread
/// DedicatedThreadPool whose semaphore spins with <c>Thread.Sleep(0)</c> before it blocks: with the
/// five pinned actors of a warden each woken on every restart, that spinning was about a quarter of
/// the warden's CPU per restart (perf, 2 cores), time taken from the actors doing the work.
/// </summary>
public sealed class QuietPinnedDispatcher : MessageDispatcher
{
    private static int _threads;

    private readonly Queue<IRunnable> _queue = new();
    private readonly object _gate = new();
    private Thread? _thread;
    private bool _stopping;

    internal QuietPinnedDispatcher(MessageDispatcherConfigurator configurator)
        : base(configurator)
    {
        Id = configurator.Config.GetString("id");
        Throughput = configurator.Config.GetInt("throughput", 100);
        ThroughputDeadlineTime = null;
        ShutdownTimeout = configurator.Config.GetTimeSpan("shutdown-timeout", TimeSpan.FromSeconds(1));
    }

    /// <summary>Queues a mailbox run; starts the thread on first use and again after a shutdown.</summary>
    protected override void ExecuteTask(IRunnable run)
    {
        lock (_gate)
        {
            _queue.Enqueue(run);
            _stopping = false;
            if (_thread is null)
            {
                _thread = new Thread(Loop) { IsBackground = true, Name = $"{Id}-{Interlocked.Increment(ref _threads)}" };
                _thread.Start();
            }
            else if (_queue.Count == 1)
            {
                Monitor.Pulse(_gate);
            }
        }
    }

    /// <summary>Akka calls this once the actor has been gone for shutdown-timeout: the thread ends when its queue is empty.</summary>
    protected override void Shutdown()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }
    }

    private void Loop()
    {
        while (true)
        {
            IRunnable run;
            lock (_gate)
            {
                while (_queue.Count == 0)
                {
                    if (_stopping)
                    {
                        _thread = null;
                        return;
                    }

                    Monitor.Wait(_gate);
                }

                run = _queue.Dequeue();
            }

            run.Run();
        }
    }
}

/// <summary>
/// Gives every actor that asks for the dispatcher id its own <see cref="QuietPinnedDispatcher"/>, as
/// Akka's PinnedDispatcherConfigurator does (<c>type = "ActorWarden.Supervision.Hosting.QuietPinnedDispatcherConfigurator, ActorWarden.Supervision"</c>).
/// </summary>
public sealed class QuietPinnedDispatcherConfigurator(Akka.Configuration.Config config, IDispatcherPrerequisites prerequisites)
    : MessageDispatcherConfigurator(config, prerequisites)
{
    public override MessageDispatcher Dispatcher() => new QuietPinnedDispatcher(this);
}
