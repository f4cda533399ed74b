namespace ActorWarden.Processes.Linux;

/// <summary>
/// The value of <see cref="ProcessInfo.TreeMarkerVariable"/> each spawned tree carries: 32 hex digits,
/// a random half drawn once per warden and a count of its spawns. Unique across wardens and spawns as a
/// GUID per spawn was, without a getrandom(2) call on every restart.
/// </summary>
internal static class TreeMarkers
{
    private static readonly string WardenPart = Guid.NewGuid().ToString("N")[..16];
    private static long _spawns;

    /// <summary>The next spawn's marker.</summary>
    public static string Next()
    {
        var count = (ulong)Interlocked.Increment(ref _spawns);
        return string.Create(32, count, static (chars, spawn) =>
        {
            WardenPart.AsSpan().CopyTo(chars);
            spawn.TryFormat(chars[16..], out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
        });
    }
}
