using System.Globalization;

namespace ActorWarden.Host.Install;

/// <summary>
/// The sc.exe commands equivalent to what the installer does through advapi32, printed by
/// <c>--dry-run</c> so an operator can review or script the registration by hand.
/// </summary>
public static class ScCommands
{
    /// <summary>Restart delays of the SCM recovery actions (first, second, subsequent failures).</summary>
    public static readonly IReadOnlyList<TimeSpan> RestartDelays = new[] { TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30) };

    /// <summary>The failure count resets after a day without failures.</summary>
    public static readonly TimeSpan ResetPeriod = TimeSpan.FromDays(1);

    /// <summary>The command line the SCM runs: <c>"warden.exe" run --service "config"</c>.</summary>
    public static string BinaryPath(ServiceInstallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.Join(' ', request.WardenCommand.Select(Quote)) + " run --service " + Quote(request.ConfigFile);
    }

    public static string DisplayName(ServiceInstallRequest request) => "ActorWarden (" + request.ServiceName + ")";

    public static string Description(ServiceInstallRequest request) => "ActorWarden process supervisor running " + request.ConfigFile;

    public static IReadOnlyList<string> Install(ServiceInstallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.ServiceName;
        var actions = string.Join('/', RestartDelays.Select(delay => "restart/" + ((long)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)));
        return new[]
        {
            $"sc.exe create {name} binPath= {Quote(BinaryPath(request))} start= auto DisplayName= {Quote(DisplayName(request))}",
            $"sc.exe description {name} {Quote(Description(request))}",
            $"sc.exe failure {name} reset= {(long)ResetPeriod.TotalSeconds} actions= {actions}",
            $"sc.exe failureflag {name} 1",
            $"powershell.exe -NoProfile -Command \"New-EventLog -LogName Application -Source '{name}'\"",
        };
    }

    public static IReadOnlyList<string> Uninstall(ServiceInstallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new[]
        {
            $"sc.exe stop {request.ServiceName}",
            $"sc.exe delete {request.ServiceName}",
            $"powershell.exe -NoProfile -Command \"Remove-EventLog -Source '{request.ServiceName}'\"",
        };
    }

    /// <summary>Quotes one argument for the Windows command line (backslashes before quotes doubled).</summary>
    public static string Quote(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        var builder = new System.Text.StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            if (c == '"')
            {
                builder.Append('\\', (backslashes * 2) + 1).Append('"');
            }
            else
            {
                builder.Append('\\', backslashes).Append(c);
            }

            backslashes = 0;
        }

        return builder.Append('\\', backslashes * 2).Append('"').ToString();
    }
}
