using System.Collections;
using System.Globalization;
using ActorWarden.Supervision.Control;

namespace ActorWarden.Host.Decisions;

/// <summary>Typed reads of a <see cref="WardenEvent"/>'s fields, tolerant of the numeric types producers use.</summary>
internal static class EventFields
{
    public static string? Text(WardenEvent e, string name) =>
        e.Fields.TryGetValue(name, out var value) && value is not null
            ? value switch
            {
                string s => s,
                IEnumerable items => string.Join(", ", items.Cast<object?>().Select(item => Convert.ToString(item, CultureInfo.InvariantCulture))),
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            }
            : null;

    public static long? Long(WardenEvent e, string name) =>
        e.Fields.TryGetValue(name, out var value) ? value switch
        {
            int i => i,
            long l => l,
            short s => s,
            uint u => u,
            double d => (long)d,
            string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        } : null;

    public static bool Bool(WardenEvent e, string name) =>
        e.Fields.TryGetValue(name, out var value) && value is true;

    /// <summary>The instance, else the service, else the warden itself.</summary>
    public static string Subject(WardenEvent e) => e.Instance ?? e.Service ?? "warden";
}
