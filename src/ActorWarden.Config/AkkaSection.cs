using System.Text;
using System.Text.RegularExpressions;
using ActorWarden.Hocon;
using HoconConfig = ActorWarden.Hocon.Config;

namespace ActorWarden.Config;

/// <summary>
/// The <c>akka</c> section of the warden's own config as text for Akka's parser. Akka's HOCON parser loses
/// line numbers, misreads substitutions and silently drops input, so the file is parsed and resolved by ours
/// (user file over reference.conf) and Akka receives only the resolved section, rendered as JSON-shaped HOCON
/// that its parser reads exactly: every key and string quoted and escaped, numbers as written, no
/// substitutions left. Rendering needs no Akka, so the binding does it once and
/// <see cref="WardenSettings.AkkaHocon"/> carries the text to the actor system's setup.
/// </summary>
public static partial class AkkaSection
{
    /// <summary>The section handed to Akka; everything else in the file is the warden's.</summary>
    public const string Name = "akka";

    /// <summary>The resolved <c>akka</c> section of <paramref name="resolved"/> as <c>{"akka":{...}}</c>, or <c>{}</c> when there is none.</summary>
    public static string Render(HoconConfig resolved)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        if (!resolved.IsResolved)
        {
            throw new ArgumentException("the config must be resolved first (WardenConfigLoader.LoadEffective resolves it)", nameof(resolved));
        }

        if (!resolved.Root.TryGetValue(Name, out var section) || section is HoconNull)
        {
            return "{}";
        }

        if (section is not HoconObject)
        {
            throw new HoconException(section.Origin, $"expected `{Name}` to be an object, found a {section.Type.ToString().ToLowerInvariant()}");
        }

        var text = new StringBuilder();
        text.Append('{').Append(HoconJsonWriter.Quote(Name)).Append(':');
        Write(text, section);
        return text.Append('}').ToString();
    }

    private static void Write(StringBuilder text, HoconValue value)
    {
        switch (value)
        {
            case HoconObject obj:
                text.Append('{');
                var first = true;
                foreach (var key in obj.Keys)
                {
                    text.Append(first ? "" : ",").Append(HoconJsonWriter.Quote(key)).Append(':');
                    Write(text, obj[key]);
                    first = false;
                }

                text.Append('}');
                break;
            case HoconArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? "" : ",");
                    Write(text, array[i]);
                }

                text.Append(']');
                break;
            case HoconString s:
                text.Append(HoconJsonWriter.Quote(ForAkka(s.Value)));
                break;
            default:
                text.Append(HoconJsonWriter.Write(value));
                break;
        }
    }

    /// <summary>
    /// Akka's duration reader matches the unit <c>us</c> but has no case for it (it throws), while the HOCON
    /// spec and our parser accept it; the same duration spelt <c>micros</c> reads the same everywhere.
    /// Every other string is handed over untouched.
    /// </summary>
    private static string ForAkka(string value) => MicrosecondsAsUs().Replace(value, "${number}micros");

    [GeneratedRegex(@"^(?<number>[0-9]+(\.[0-9]+)?)\s*us$", RegexOptions.CultureInvariant)]
    private static partial Regex MicrosecondsAsUs();
}
