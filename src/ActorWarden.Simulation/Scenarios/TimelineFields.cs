using System.Collections;
using System.Globalization;
using ActorWarden.Supervision.Control;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>Typed reads of <see cref="WardenEvent.Fields"/> for the renderers (fields are loosely typed by design: they are the JSON wire form).</summary>
internal static class TimelineFields
{
    public static string? Text(WardenEvent e, string key) => e.Fields.TryGetValue(key, out var v) && v is not null ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;

    public static long? Long(WardenEvent e, string key) => e.Fields.TryGetValue(key, out var v) ? v switch
    {
        int i => i,
        long l => l,
        _ => null,
    } : null;

    public static bool Bool(WardenEvent e, string key) => e.Fields.TryGetValue(key, out var v) && v is true;

    public static IReadOnlyList<string> List(WardenEvent e, string key) =>
        e.Fields.TryGetValue(key, out var v) && v is IEnumerable items and not string
            ? items.Cast<object?>().Select(x => Convert.ToString(x, CultureInfo.InvariantCulture) ?? "").ToArray()
            : Array.Empty<string>();

    public static ProcessState ParseState(string text) =>
        Enum.TryParse<ProcessState>(text, ignoreCase: true, out var state) ? state : ProcessState.Stopped;
}
