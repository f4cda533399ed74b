namespace ActorWarden.Actors;

/// <summary>The stash of one actor incarnation; replays through the mailbox's front buffer.</summary>
internal sealed class UnboundedStash : IStash
{
    private readonly ActorCell _cell;
    private readonly List<(object Message, IActorRef? Sender)> _items = new();

    public UnboundedStash(ActorCell cell)
    {
        _cell = cell;
    }

    public int Count => _items.Count;

    public void Stash()
    {
        var message = _cell.CurrentMessage
            ?? throw new InvalidOperationException($"{_cell.Self.Path}: Stash() can only be called while processing a message.");
        if (_items.Count > 0 && ReferenceEquals(_items[^1].Message, message) && _items[^1].Sender == _cell.CurrentSender)
        {
            throw new InvalidOperationException($"{_cell.Self.Path}: the same message cannot be stashed twice.");
        }

        _items.Add((message, _cell.CurrentSender));
    }

    public void Unstash()
    {
        if (_items.Count == 0)
        {
            return;
        }

        var first = _items[0];
        _items.RemoveAt(0);
        _cell.Mailbox.Prepend([first]);
    }

    public void UnstashAll()
    {
        if (_items.Count == 0)
        {
            return;
        }

        _cell.Mailbox.Prepend(_items.ToArray());
        _items.Clear();
    }

    public IReadOnlyList<object> ClearStash()
    {
        var messages = _items.Select(item => item.Message).ToArray();
        _items.Clear();
        return messages;
    }

    /// <summary>Sends everything still stashed to dead letters (the actor stopped).</summary>
    public void DrainToDeadLetters()
    {
        foreach (var (message, sender) in _items)
        {
            _cell.SendToDeadLetters(message, sender);
        }

        _items.Clear();
    }
}
