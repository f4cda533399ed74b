namespace ActorWarden.Contracts;

/// <summary>
/// The state names as events, status and the API write them (lower case). Spelled once here so that the
/// writers and the readers of the wire agree, and taken from a table because every state event asks.
/// </summary>
public static class ProcessStateNames
{
    private static readonly string[] Names = Enum.GetValues<ProcessState>().Select(s => s.ToString().ToLowerInvariant()).ToArray();

    /// <summary>The name of <paramref name="state"/>, e.g. <c>running</c>.</summary>
    public static string Of(ProcessState state) => (uint)state < (uint)Names.Length ? Names[(int)state] : state.ToString().ToLowerInvariant();
}
