using System.Globalization;

namespace ActorWarden.ControlPlane.Client.Output;

/// <summary>Counts as an operator reads them: "1 service", "2 services".</summary>
public static class Plural
{
    public static string Of(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");
}
