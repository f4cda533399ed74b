namespace ActorWarden.Processes;

/// <summary>Which containment the launcher should use; <see cref="Auto"/> takes the best the machine allows.</summary>
public enum ContainmentSetting
{
    /// <summary>cgroup v2 when a writable cgroup2 mount with <c>cgroup.kill</c> exists, else cgroup v1 freezer, else none.</summary>
    Auto,

    /// <summary>cgroup v2 or a refusal to start the launcher.</summary>
    V2,

    /// <summary>cgroup v1 (freezer required) or a refusal to start the launcher.</summary>
    V1,

    /// <summary>No control groups: the subreaper sweep only.</summary>
    Off,
}
