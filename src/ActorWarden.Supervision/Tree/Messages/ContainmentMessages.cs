namespace ActorWarden.Supervision.Tree.Messages;

/// <summary>What the tree of the exited main process left was killed; the held exit <paramref name="Exit"/> can be acted on now.</summary>
internal sealed record LeftoversKilled(ProcessExitObserved Exit);
