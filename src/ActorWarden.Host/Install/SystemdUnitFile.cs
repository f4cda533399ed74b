using System.Globalization;
using System.Text;

namespace ActorWarden.Host.Install;

/// <summary>
/// The unit `warden service install` writes. Type=notify with a watchdog because the warden speaks
/// sd_notify; KillMode=mixed so systemd sends SIGTERM to the warden alone (it stops its children in
/// dependency order) and SIGKILLs the whole cgroup only when TimeoutStopSec runs out.
/// </summary>
public static class SystemdUnitFile
{
    /// <summary>First line of every unit we write; uninstall refuses files without it.</summary>
    public const string Marker = "# Written by `warden service install`; `warden service uninstall` removes only files that carry this line.";

    /// <summary>Extra time systemd grants beyond the warden's own shutdown timeout before it kills the cgroup.</summary>
    public static readonly TimeSpan StopMargin = TimeSpan.FromSeconds(15);

    public const int WatchdogSeconds = 30;

    public const int RestartSeconds = 5;

    public static string Render(ServiceInstallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var execStart = string.Join(' ', request.WardenCommand.Concat(new[] { "run", request.ConfigFile }).Select(QuoteArgument));
        var workingDirectory = Path.GetDirectoryName(request.ConfigFile) ?? "/";
        var stopSeconds = (int)Math.Ceiling((request.ShutdownTimeout + StopMargin).TotalSeconds);
        var text = new StringBuilder()
            .Append(Marker).Append('\n')
            .Append("[Unit]\n")
            .Append("Description=ActorWarden process supervisor (").Append(request.ServiceName).Append(")\n")
            .Append("After=network-online.target\n")
            .Append("Wants=network-online.target\n")
            .Append('\n')
            .Append("[Service]\n")
            .Append("Type=notify\n")
            .Append("NotifyAccess=main\n")
            .Append("User=").Append(EscapeSpecifiers(request.User)).Append('\n')
            .Append("ExecStart=").Append(execStart).Append('\n')
            .Append("ExecReload=/bin/kill -HUP $MAINPID\n")
            .Append("WorkingDirectory=").Append(EscapeSpecifiers(workingDirectory)).Append('\n')
            .Append("Restart=on-failure\n")
            .Append("RestartSec=").Append(RestartSeconds.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("WatchdogSec=").Append(WatchdogSeconds.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("KillMode=mixed\n")
            .Append("TimeoutStopSec=").Append(stopSeconds.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append('\n')
            .Append("[Install]\n")
            .Append("WantedBy=multi-user.target\n");
        return text.ToString();
    }

    /// <summary>True when <paramref name="unitText"/> was written by <see cref="Render"/>.</summary>
    public static bool IsOurs(string unitText)
    {
        ArgumentNullException.ThrowIfNull(unitText);
        return unitText.ReplaceLineEndings("\n").Split('\n').Any(line => line == Marker);
    }

    /// <summary>One ExecStart= argument: specifiers and variables escaped, quoted when it holds blanks or quotes.</summary>
    public static string QuoteArgument(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        var escaped = EscapeSpecifiers(argument).Replace("$", "$$", StringComparison.Ordinal);
        var needsQuotes = escaped.Length == 0 || escaped == ";" || escaped.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\');
        return needsQuotes
            ? "\"" + escaped.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : escaped;
    }

    private static string EscapeSpecifiers(string text) => text.Replace("%", "%%", StringComparison.Ordinal);
}
