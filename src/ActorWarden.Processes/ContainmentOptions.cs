namespace ActorWarden.Processes;

/// <summary>
/// How the launcher contains the trees it starts. Each warden owns the subtree
/// <c>&lt;its own cgroup&gt;/actorwarden/&lt;WardenId&gt;</c> in every hierarchy it uses, so a restarted
/// warden with the same id finds what a killed predecessor left there.
/// </summary>
public sealed record ContainmentOptions
{
    /// <summary>The default: <see cref="ContainmentSetting.Auto"/> under the id "default".</summary>
    public static readonly ContainmentOptions Default = new();

    /// <summary>Which containment to use.</summary>
    public ContainmentSetting Setting { get; init; } = ContainmentSetting.Auto;

    /// <summary>
    /// Names this warden's cgroup subtree; keep it stable across restarts (e.g. derived from the state
    /// directory) so leftovers of a crashed predecessor are found. Letters, digits, '-', '_' and '.' only.
    /// </summary>
    public string WardenId { get; init; } = "default";
}
