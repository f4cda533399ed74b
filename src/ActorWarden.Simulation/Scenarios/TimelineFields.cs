using System.Globalization;
using ActorWarden.Contracts.Events;

namespace ActorWarden.Simulation.Scenarios;

/// <summary>
/// The detail of an event the timeline has no words of its own for: its projected fields as
/// <c>key=value</c>, comma-separated, each value in its invariant string form.
/// </summary>
internal static class TimelineFields
{
    public static string Render(EventPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var text = new KeyValueText();
        payload.Project(text);
        return string.Join(", ", text.Parts);
    }

    private sealed class KeyValueText : EventFieldWriter
    {
        public List<string> Parts { get; } = new();

        public override void Field(string name, object? value) =>
            Parts.Add($"{name}={(value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture))}");
    }
}
