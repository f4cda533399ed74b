namespace ActorWarden.Actors;

/// <summary>
/// An actor's queues and its scheduling state. User messages go through a lock-free multi-producer,
/// single-consumer linked queue (one allocation per message, about 40 bytes per idle actor); kernel
/// messages go through a separate lock-free stack and are always processed first, also between two user
/// messages, so a stop or a supervisor decision never waits behind a backlog. The mailbox is scheduled on
/// the dispatcher only on the idle-to-scheduled transition (one atomic status word) and then drains a
/// batch of messages, so a busy actor costs no scheduling per message. User messages marked
/// <see cref="IControlMessage"/> take a third lane (a lock-free stack, put back in arrival order on the
/// actor thread) that is read before the ordinary queue: Akka's control-aware mailbox, at the cost of two
/// fields per actor.
/// </summary>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private const int Scheduled = 1;
    private const int Closed = 2;
    private const int Suspended = 4;

    private readonly MessageDispatcher _dispatcher;
    private ActorCell _cell = null!;
    private Envelope _head;
    private Envelope _tail;
    private SystemMessage? _systemStack;
    private Envelope? _controlStack;
    private Envelope? _controlReady;
    private Envelope? _prependHead;
    private int _status;

    public Mailbox(MessageDispatcher dispatcher)
    {
        _dispatcher = dispatcher;
        _head = _tail = new Envelope();
    }

    public bool IsClosed => (Volatile.Read(ref _status) & Closed) != 0;

    /// <summary>Approximate number of queued user messages (walks the queue; for metrics, not hot paths).</summary>
    public int Count
    {
        get
        {
            var count = 0;
            for (var e = Volatile.Read(ref _controlStack); e is not null; e = e.Next)
            {
                count++;
            }

            for (var e = _controlReady; e is not null; e = e.Next)
            {
                count++;
            }

            for (var e = _prependHead; e is not null; e = e.Next)
            {
                count++;
            }

            for (var e = Volatile.Read(ref _tail).Next; e is not null && count < 10_000_000; e = Volatile.Read(ref e.Next))
            {
                count++;
            }

            return count;
        }
    }

    public void Attach(ActorCell cell) => _cell = cell;

    /// <summary>Queues a user message; after the actor stopped it becomes a dead letter instead.</summary>
    public void Post(object message, IActorRef? sender)
    {
        if ((Volatile.Read(ref _status) & Closed) != 0)
        {
            _cell.SendToDeadLetters(message, sender);
            return;
        }

        var node = new Envelope { Message = message, Sender = sender };
        if (message is IControlMessage)
        {
            PostControl(node);
            return;
        }

        var previous = Interlocked.Exchange(ref _head, node);
        Volatile.Write(ref previous.Next, node);
        TrySchedule();
    }

    private void PostControl(Envelope node)
    {
        Envelope? head;
        do
        {
            head = Volatile.Read(ref _controlStack);
            node.Next = head;
        }
        while (Interlocked.CompareExchange(ref _controlStack, node, head) != head);

        TrySchedule();
    }

    /// <summary>Queues a kernel message (processed before any user message).</summary>
    public void PostSystem(SystemMessage message)
    {
        SystemMessage? head;
        do
        {
            head = Volatile.Read(ref _systemStack);
            message.Next = head;
        }
        while (Interlocked.CompareExchange(ref _systemStack, message, head) != head);

        TrySchedule();
    }

    /// <summary>Puts unstashed messages in front of everything else, in their original order (actor thread only).</summary>
    public void Prepend(IReadOnlyList<(object Message, IActorRef? Sender)> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            _prependHead = new Envelope { Message = messages[i].Message, Sender = messages[i].Sender, Next = _prependHead };
        }
    }

    /// <summary>Suspends or resumes user-message processing (actor thread only).</summary>
    public void SetSuspended(bool suspended)
    {
        if (suspended)
        {
            Interlocked.Or(ref _status, Suspended);
        }
        else
        {
            Interlocked.And(ref _status, ~Suspended);
        }
    }

    /// <summary>Marks the mailbox dead; queued and future user messages become dead letters (actor thread only).</summary>
    public void Close() => Interlocked.Or(ref _status, Closed);

    /// <summary>Runs one batch on the current thread (called by the dispatcher).</summary>
    public void Execute()
    {
        var previous = ActorCell.Current;
        ActorCell.Current = _cell;
        try
        {
            if ((Volatile.Read(ref _status) & Closed) == 0)
            {
                ProcessSystemMessages();
                ProcessUserMessages();
            }

            if ((Volatile.Read(ref _status) & Closed) != 0)
            {
                DrainAfterClose();
            }
        }
        finally
        {
            ActorCell.Current = previous;
            Interlocked.And(ref _status, ~Scheduled);
            TrySchedule();
        }
    }

    private void TrySchedule()
    {
        while (true)
        {
            var status = Volatile.Read(ref _status);
            if ((status & Scheduled) != 0)
            {
                return;
            }

            var userMessagesRunnable = (status & Suspended) == 0 || (status & Closed) != 0;
            var hasWork = Volatile.Read(ref _systemStack) is not null || (userMessagesRunnable && HasUserMessages());
            if (!hasWork)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _status, status | Scheduled, status) == status)
            {
                _dispatcher.Schedule(this);
                return;
            }
        }
    }

    private bool HasUserMessages() =>
        _controlReady is not null || Volatile.Read(ref _controlStack) is not null || _prependHead is not null || Volatile.Read(ref _head) != Volatile.Read(ref _tail);

    private void ProcessSystemMessages()
    {
        while (true)
        {
            var stack = Interlocked.Exchange(ref _systemStack, null);
            if (stack is null)
            {
                return;
            }

            SystemMessage? ordered = null;
            while (stack is not null)
            {
                var next = stack.Next;
                stack.Next = ordered;
                ordered = stack;
                stack = next;
            }

            while (ordered is not null)
            {
                var message = ordered;
                ordered = ordered.Next;
                message.Next = null;
                if ((Volatile.Read(ref _status) & Closed) != 0)
                {
                    _cell.HandleSystemMessageWhenDead(message);
                }
                else
                {
                    _cell.SystemInvoke(message);
                }
            }
        }
    }

    private void ProcessUserMessages()
    {
        var cell = _cell;
        for (var left = _dispatcher.Throughput; left > 0; left--)
        {
            if ((Volatile.Read(ref _status) & (Suspended | Closed)) != 0 || !TryDequeue(out var message, out var sender))
            {
                return;
            }

            cell.Invoke(message, sender);
            if (Volatile.Read(ref _systemStack) is not null)
            {
                ProcessSystemMessages();
            }
        }
    }

    private bool TryDequeue(out object message, out IActorRef? sender)
    {
        if (_controlReady is null && Volatile.Read(ref _controlStack) is not null)
        {
            var stack = Interlocked.Exchange(ref _controlStack, null);
            while (stack is not null)
            {
                var older = stack.Next;
                stack.Next = _controlReady;
                _controlReady = stack;
                stack = older;
            }
        }

        var control = _controlReady;
        if (control is not null)
        {
            _controlReady = control.Next;
            message = control.Message!;
            sender = control.Sender;
            return true;
        }

        var prepended = _prependHead;
        if (prepended is not null)
        {
            _prependHead = prepended.Next;
            message = prepended.Message!;
            sender = prepended.Sender;
            return true;
        }

        var tail = _tail;
        var next = Volatile.Read(ref tail.Next);
        if (next is null)
        {
            if (Volatile.Read(ref _head) == tail)
            {
                message = null!;
                sender = null;
                return false;
            }

            // A producer swapped the head but has not linked its node yet: it is one instruction away.
            var spin = default(SpinWait);
            do
            {
                spin.SpinOnce(sleep1Threshold: -1);
                next = Volatile.Read(ref tail.Next);
            }
            while (next is null);
        }

        _tail = next;
        message = next.Message!;
        sender = next.Sender;
        next.Message = null;
        next.Sender = null;
        return true;
    }

    private void DrainAfterClose()
    {
        ProcessSystemMessages();
        while (TryDequeue(out var message, out var sender))
        {
            _cell.SendToDeadLetters(message, sender);
        }
    }
}
