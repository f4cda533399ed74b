namespace ActorWarden.Processes.Diagnostics;

/// <summary>What one stage has cost since measuring began: CPU time and bytes allocated while it was the innermost open stage, and how often it was entered.</summary>
public readonly record struct StageTotal(string Stage, long CpuNanoseconds, long AllocatedBytes, long Entries);
