namespace ActorWarden.Processes;

/// <summary>A control group under this warden's subtree that no live child of this launcher owns: left by a previous warden.</summary>
/// <param name="Name">The group's directory name (the instance name with a unique suffix).</param>
/// <param name="Path">The group's directory in the hierarchy that holds membership (cgroup2, or the v1 freezer).</param>
/// <param name="Processes">The living processes still in it.</param>
public sealed record LeftoverCgroup(string Name, string Path, IReadOnlyList<ContainedProcess> Processes);
