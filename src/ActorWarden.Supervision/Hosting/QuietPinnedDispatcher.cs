using Akka.Dispatch;

namespace ActorWarden.Supervision.Hosting;

/// <summary>
/// A dispatcher with one thread of its own, for one actor like Akka's PinnedDispatcher or for the few
/// that share it (<see cref="QuietSharedDispatcherConfigurator"/>), whose thread sleeps when its queue
/// is empty instead of spinning. Akka's PinnedDispatcher runs on a one-thread
/// DedicatedThreadPool whose semaphore spins with <c>Thread.Sleep(0)</c> before it blocks: with the
/// five pinned actors of a warden each woken on every restart, that spinning was about a quarter of
/// the warden's CPU per restart (perf, 2 cores), time taken from the actors doing the work.
/// </summary>
public sealed class QuietPinnedDispatcher : MessageDispatcher
{
    private static int _threads;

    private readonly Queue<IRunnable> _queue = new();
    private readonly object _gate = new();
    private readonly TimeSpan _linger;
    private Thread? _thread;
    private bool _stopping;

    internal QuietPinnedDispatcher(MessageDispatcherConfigurator configurator)
        : base(configurator)
    {
        Id = configurator.Config.GetString("id");
        Throughput = configurator.Config.GetInt("throughput", 100);
        ThroughputDeadlineTime = null;
        ShutdownTimeout = configurator.Config.GetTimeSpan("shutdown-timeout", TimeSpan.FromSeconds(1));
        _linger = configurator.Config.GetTimeSpan("linger", TimeSpan.Zero);
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

    /// <remarks>
    /// With a <c>linger</c>, the thread sleeps that long after its queue runs dry before it parks, and
    /// takes what arrived meanwhile in one go. A sender wakes only a parked thread, so under a steady
    /// stream (six events per restart, to each observer) the thread wakes once per linger instead of
    /// once per message; an idle actor still wakes at once for its first message.
    /// </remarks>
    private void Loop()
    {
        var ran = false;
        while (true)
        {
            IRunnable? run = null;
            lock (_gate)
            {
                if (_queue.Count > 0)
                {
                    run = _queue.Dequeue();
                }
                else if (!ran || _linger <= TimeSpan.Zero)
                {
                    if (_stopping)
                    {
                        _thread = null;
                        return;
                    }

                    Monitor.Wait(_gate);
                    continue;
                }
            }

            if (run is null)
            {
                ran = false;
                Thread.Sleep(_linger);
                continue;
            }

            ran = true;
            MailboxStages.Run(run);
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

/// <summary>
/// Gives every actor that asks for the dispatcher id one and the same <see cref="QuietPinnedDispatcher"/>:
/// a thread of their own, shared (<c>type = "ActorWarden.Supervision.Hosting.QuietSharedDispatcherConfigurator, ActorWarden.Supervision"</c>).
/// For actors that each receive every event of a farm: on a thread each, every restart woke each of
/// their threads; on one thread it wakes once for all of them.
/// </summary>
public sealed class QuietSharedDispatcherConfigurator(Akka.Configuration.Config config, IDispatcherPrerequisites prerequisites)
    : MessageDispatcherConfigurator(config, prerequisites)
{
    private QuietPinnedDispatcher? _dispatcher;

    public override MessageDispatcher Dispatcher()
    {
        var created = new QuietPinnedDispatcher(this);
        return Interlocked.CompareExchange(ref _dispatcher, created, null) ?? created;
    }
}
