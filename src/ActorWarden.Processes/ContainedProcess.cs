namespace ActorWarden.Processes;

/// <summary>A living process found in a control group, named for an <c>escaped</c> or leftover event.</summary>
/// <param name="Pid">The process id.</param>
/// <param name="CommandLine">/proc/&lt;pid&gt;/cmdline with NULs as spaces (what ps shows, rewritten titles included), or "[comm]" for kernel-style names.</param>
public sealed record ContainedProcess(int Pid, string CommandLine);
