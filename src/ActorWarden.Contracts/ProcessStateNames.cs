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

    /// <summary>The state named <paramref name="name"/> as <see cref="Of"/> writes it; false for any other text.</summary>
    public static bool TryParse(string? name, out ProcessState state)
    {
        var index = Array.IndexOf(Names, name);
        state = (ProcessState)Math.Max(index, 0);
        return index >= 0;
    }
}
