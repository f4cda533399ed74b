namespace ActorWarden.Actors;

/// <summary>
/// Runs one actor's mailbox on a dedicated background thread (Akka.NET's PinnedDispatcher). The thread
/// sleeps on a monitor until the mailbox is scheduled, so waking it never depends on the thread pool
/// (which is exactly what a pinned actor must not wait for). When the mailbox has closed the thread
/// runs a request that raced the close, then ends; a request after that (a late system message to a
/// dead actor) runs on the thread pool, so no scheduling is ever lost.
/// </summary>
internal sealed class PinnedDispatcher : MessageDispatcher
{
    private readonly object _gate = new();
    private readonly string _threadName;
    private Mailbox? _mailbox;
    private bool _requested;
    private bool _started;
    private bool _exited;

    public PinnedDispatcher(string threadName)
        : base(throughput: 1000)
    {
        _threadName = threadName;
    }

    public override void Schedule(Mailbox mailbox)
    {
        lock (_gate)
        {
            if (!_exited)
            {
                _mailbox = mailbox;
                _requested = true;
                if (_started)
                {
                    Monitor.Pulse(_gate);
                }
                else
                {
                    _started = true;
                    new Thread(Run) { IsBackground = true, Name = _threadName }.Start();
                }

                return;
            }
        }

        ThreadPool.UnsafeQueueUserWorkItem(mailbox, preferLocal: false);
    }

    private void Run()
    {
        while (true)
        {
            Mailbox mailbox;
            lock (_gate)
            {
                while (!_requested)
                {
                    Monitor.Wait(_gate);
                }

                _requested = false;
                mailbox = _mailbox!;
            }

            mailbox.Execute();
            if (!mailbox.IsClosed)
            {
                continue;
            }

            bool raced;
            lock (_gate)
            {
                _exited = true;
                raced = _requested;
                _requested = false;
            }

            if (raced)
            {
                mailbox.Execute();
            }

            return;
        }
    }
}
