using System.Threading.Channels;

namespace ActorWarden.Actors;

/// <summary>
/// Runs one actor's mailbox on a dedicated background thread (Akka.NET's PinnedDispatcher). The thread
/// waits on a channel of scheduling requests; when the mailbox has closed it completes the channel, drains
/// what was already requested and ends. A request that arrives after that (a late system message to a
/// dead actor) runs on the thread pool, so no scheduling is ever lost.
/// </summary>
internal sealed class PinnedDispatcher : MessageDispatcher
{
    private readonly Channel<Mailbox> _requests = Channel.CreateUnbounded<Mailbox>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    private readonly string _threadName;
    private int _started;

    public PinnedDispatcher(string threadName)
        : base(throughput: 1000)
    {
        _threadName = threadName;
    }

    public override void Schedule(Mailbox mailbox)
    {
        if (!_requests.Writer.TryWrite(mailbox))
        {
            ThreadPool.UnsafeQueueUserWorkItem(mailbox, preferLocal: false);
            return;
        }

        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            var thread = new Thread(Run) { IsBackground = true, Name = _threadName };
            thread.Start();
        }
    }

    private void Run()
    {
        var reader = _requests.Reader;
        while (true)
        {
            while (reader.TryRead(out var mailbox))
            {
                mailbox.Execute();
                if (mailbox.IsClosed)
                {
                    _requests.Writer.TryComplete();
                }
            }

            if (reader.Completion.IsCompleted)
            {
                return;
            }

            if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                return;
            }
        }
    }
}
