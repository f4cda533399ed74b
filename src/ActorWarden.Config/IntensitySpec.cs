namespace ActorWarden.Config;

/// <summary>Erlang's restart intensity: at most <see cref="MaxRestarts"/> within <see cref="Within"/>, else escalate.</summary>
public sealed record IntensitySpec(int MaxRestarts, TimeSpan Within);
