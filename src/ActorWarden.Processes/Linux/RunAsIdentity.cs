using System.Globalization;
using System.Runtime.InteropServices;

namespace ActorWarden.Processes.Linux;

/// <summary>
/// Run-as for a child: resolves user/group names to ids and prefixes the command with util-linux
/// <c>setpriv</c>, which drops to the identity and execs the program (posix_spawn cannot change ids
/// between fork and exec). Supplementary groups are the user's own (initgroups), as systemd's User=
/// and supervisord's user= do; with only a group, supplementary groups are cleared.
/// </summary>
internal static class RunAsIdentity
{
    private static readonly string[] SetprivLocations = ["/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv", "/sbin/setpriv"];
    internal static readonly object NssGate = new();

    /// <summary>Returns the program and argv to spawn so that <paramref name="path"/> runs as the spec's user/group.</summary>
    public static (string Program, List<string> Argv) Wrap(ProcessStartSpec spec, string path) => Wrap(spec, path, LibC.GetEuid());

    /// <summary>As <see cref="Wrap(ProcessStartSpec, string)"/>, for a warden running with <paramref name="effectiveUid"/>.</summary>
    public static (string Program, List<string> Argv) Wrap(ProcessStartSpec spec, string path, uint effectiveUid)
    {
        var who = spec.User is not null ? $"user '{spec.User}'" : $"group '{spec.Group}'";
        if (effectiveUid != 0)
        {
            throw new ProcessStartException(spec.FileName, $"running as {who} needs the warden to run as root");
        }

        var setpriv = Array.Find(SetprivLocations, File.Exists)
            ?? throw new ProcessStartException(spec.FileName, $"running as {who} needs util-linux 'setpriv', which is not installed");

        var argv = new List<string> { setpriv };
        if (spec.User is not null)
        {
            var (uid, primaryGid) = ResolveUser(spec.FileName, spec.User);
            var gid = spec.Group is null ? primaryGid : ResolveGroup(spec.FileName, spec.Group);
            argv.Add($"--reuid={uid}");
            argv.Add($"--regid={gid}");
            argv.Add(IsNumeric(spec.User) ? "--clear-groups" : "--init-groups");
        }
        else
        {
            argv.Add($"--regid={ResolveGroup(spec.FileName, spec.Group!)}");
            argv.Add("--clear-groups");
        }

        argv.Add("--");
        argv.Add(path);
        argv.AddRange(spec.Arguments);
        return (setpriv, argv);
    }

    internal static (uint Uid, uint Gid) ResolveUser(string fileName, string user)
    {
        lock (NssGate)
        {
            var entry = LibC.GetPwNam(user);
            if (entry != IntPtr.Zero)
            {
                // struct passwd { char *pw_name; char *pw_passwd; uid_t pw_uid; gid_t pw_gid; ... }
                var offset = 2 * IntPtr.Size;
                return ((uint)Marshal.ReadInt32(entry, offset), (uint)Marshal.ReadInt32(entry, offset + 4));
            }
        }

        if (IsNumeric(user))
        {
            var uid = uint.Parse(user, CultureInfo.InvariantCulture);
            return (uid, uid);
        }

        throw new ProcessStartException(fileName, $"unknown user '{user}'");
    }

    private static uint ResolveGroup(string fileName, string group)
    {
        lock (NssGate)
        {
            var entry = LibC.GetGrNam(group);
            if (entry != IntPtr.Zero)
            {
                // struct group { char *gr_name; char *gr_passwd; gid_t gr_gid; char **gr_mem; }
                return (uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size);
            }
        }

        if (IsNumeric(group))
        {
            return uint.Parse(group, CultureInfo.InvariantCulture);
        }

        throw new ProcessStartException(fileName, $"unknown group '{group}'");
    }

    private static bool IsNumeric(string value) => value.Length > 0 && value.All(char.IsAsciiDigit);
}
