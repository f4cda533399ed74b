namespace ActorWarden.Processes.Diagnostics;

/// <summary>A stage registered with <see cref="StageCosts.Register"/>: a name's slot in the meter.</summary>
public readonly record struct Stage(int Index);
