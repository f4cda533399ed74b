using ActorWarden.Config;

namespace ActorWarden.Supervision.Tree;

/// <summary>Group strategies spelled as in the config file, for events and status.</summary>
public static class StrategyNames
{
    public static string Spell(GroupStrategy strategy) => strategy switch
    {
        GroupStrategy.OneForAll => "one-for-all",
        GroupStrategy.RestForOne => "rest-for-one",
        _ => "one-for-one",
    };
}
