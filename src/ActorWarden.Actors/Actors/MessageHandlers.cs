namespace ActorWarden.Actors;

/// <summary>The ordered handlers of one ReceiveActor behaviour; the first handler that accepts a message wins.</summary>
internal sealed class MessageHandlers
{
    private MessageHandler[] _handlers = [];

    public void Add(MessageHandler handler)
    {
        var grown = new MessageHandler[_handlers.Length + 1];
        _handlers.CopyTo(grown, 0);
        grown[^1] = handler;
        _handlers = grown;
    }

    public bool TryHandle(object message)
    {
        foreach (var handler in _handlers)
        {
            if (handler.TryHandle(message))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>One typed handler.</summary>
internal abstract class MessageHandler
{
    public abstract bool TryHandle(object message);
}

internal sealed class ActionHandler<T>(Action<T> action, Predicate<T>? shouldHandle) : MessageHandler
{
    public override bool TryHandle(object message)
    {
        if (message is T typed && (shouldHandle is null || shouldHandle(typed)))
        {
            action(typed);
            return true;
        }

        return false;
    }
}

internal sealed class FuncHandler<T>(Func<T, bool> handler) : MessageHandler
{
    public override bool TryHandle(object message) => message is T typed && handler(typed);
}

internal sealed class AsyncHandler<T>(ActorCell cell, Func<T, Task> handler, Predicate<T>? shouldHandle) : MessageHandler
{
    public override bool TryHandle(object message)
    {
        if (message is T typed && (shouldHandle is null || shouldHandle(typed)))
        {
            cell.RunAsyncHandler(() => handler(typed));
            return true;
        }

        return false;
    }
}
