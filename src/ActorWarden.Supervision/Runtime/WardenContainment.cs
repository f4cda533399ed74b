using System.Security.Cryptography;
using System.Text;
using ActorWarden.Processes;
using ActorWarden.Config;

namespace ActorWarden.Supervision.Runtime;

/// <summary>
/// The launcher a warden runs its services with, contained as <c>warden.containment</c> says. Its
/// control-group subtree is named after the warden and its state file, so a warden restarted after a
/// SIGKILL finds its predecessor's groups (crash-safety), and two wardens on one machine never share one.
/// </summary>
public static class WardenContainment
{
    /// <summary>The containment options of <paramref name="settings"/>.</summary>
    public static ContainmentOptions OptionsFor(WardenSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var name = new string(settings.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').Take(40).ToArray());
        var anchor = string.IsNullOrEmpty(settings.StateFile) ? settings.ConfigFile : settings.StateFile;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(anchor)).AsSpan(0, 4));
        return new ContainmentOptions { Setting = settings.Containment, WardenId = $"{(name.Length == 0 ? "warden" : name)}-{hash}" };
    }

    /// <summary>Creates the launcher of <paramref name="settings"/>.</summary>
    /// <exception cref="PlatformNotSupportedException">The forced containment mode (v2 or v1) is not available here; the message says why and names the setting.</exception>
    public static IProcessLauncher CreateLauncher(WardenSettings settings)
    {
        var options = OptionsFor(settings);
        try
        {
            return ProcessLauncher.Create(options);
        }
        catch (PlatformNotSupportedException ex) when (options.Setting is ContainmentSetting.V1 or ContainmentSetting.V2)
        {
            throw new PlatformNotSupportedException($"warden.containment = {options.Setting.ToString().ToLowerInvariant()}: {ex.Message} (use auto to fall back)", ex);
        }
    }
}
