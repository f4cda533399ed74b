namespace ActorWarden.Processes.Linux.Cgroups;

/// <summary>Where one resource controller lives for this warden: its base directory, in cgroup2 or in its v1 hierarchy.</summary>
internal sealed record CgroupController(string BaseDirectory, bool IsV2);
