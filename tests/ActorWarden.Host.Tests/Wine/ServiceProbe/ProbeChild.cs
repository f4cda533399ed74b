using System.Diagnostics;
using System.Globalization;

namespace ActorWarden.Host.ServiceProbe;

/// <summary>
/// A supervised process that proves it is alive by bumping a heartbeat file. Level 1 starts a
/// level-2 grandchild only once it sees itself inside the job object, so a tree kill must take both.
/// </summary>
internal static class ProbeChild
{
    public static int Run(string directory, int level)
    {
        File.WriteAllText(Path.Combine(directory, $"child-{level}.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (level == 1)
        {
            while (!JobObject.CurrentProcessIsInJob())
            {
                Thread.Sleep(20);
            }

            Process.Start(new ProcessStartInfo(Environment.ProcessPath!, new[] { "child", directory, "2" }) { UseShellExecute = false });
        }

        for (var beat = 1L; ; beat++)
        {
            File.WriteAllText(Path.Combine(directory, $"heartbeat-{level}.txt"), beat.ToString(CultureInfo.InvariantCulture));
            Thread.Sleep(100);
        }
    }
}
