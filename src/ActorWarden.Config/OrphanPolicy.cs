namespace ActorWarden.Config;

/// <summary>What a restarted warden does with children its killed predecessor left running.</summary>
public enum OrphanPolicy
{
    /// <summary>Kill their whole trees before starting fresh (default: no duplicate instances, ever).</summary>
    Kill,

    /// <summary>Track them as the instances they were (watched by pidfd, since we are not their parent).</summary>
    Adopt,
}
