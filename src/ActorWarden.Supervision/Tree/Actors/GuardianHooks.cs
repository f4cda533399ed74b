namespace ActorWarden.Supervision.Tree.Actors;

/// <summary>
/// The two things the root must tell the runtime that hosts it, as callbacks invoked on the guardian's
/// thread (they must only enqueue work, never block).
/// </summary>
/// <param name="ExitRequested">The root gave up with on-give-up = exit and every service is down: finish with this exit code.</param>
/// <param name="LayoutChanged">A reload was applied: the new layout, in the order reloads were applied.</param>
public sealed record GuardianHooks(Action<int> ExitRequested, Action<TreeLayout>? LayoutChanged = null);
