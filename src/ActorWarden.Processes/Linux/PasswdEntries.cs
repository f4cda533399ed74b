using System.Globalization;
using System.Runtime.InteropServices;

namespace ActorWarden.Processes.Linux;

/// <summary>Reads passwd entries through NSS (getpwnam/getpwuid), under the one lock every NSS call of the warden takes.</summary>
internal static class PasswdEntries
{
    public static UserAccount? Find(string user)
    {
        lock (RunAsIdentity.NssGate)
        {
            var entry = LibC.GetPwNam(user);
            if (entry == IntPtr.Zero && uint.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
            {
                entry = LibC.GetPwUid(uid);
            }

            return entry == IntPtr.Zero ? null : Read(entry);
        }
    }

    /// <summary>struct passwd { char *pw_name; char *pw_passwd; uid_t pw_uid; gid_t pw_gid; char *pw_gecos; char *pw_dir; char *pw_shell; }</summary>
    private static UserAccount Read(IntPtr entry)
    {
        var pointer = IntPtr.Size;
        var name = Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(entry, 0)) ?? string.Empty;
        var uid = (uint)Marshal.ReadInt32(entry, 2 * pointer);
        var gid = (uint)Marshal.ReadInt32(entry, (2 * pointer) + 4);
        var home = Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(entry, (2 * pointer) + 8 + pointer)) ?? "/";
        var shell = Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(entry, (2 * pointer) + 8 + (2 * pointer))) ?? "/bin/sh";
        return new UserAccount(name, uid, gid, home, shell.Length == 0 ? "/bin/sh" : shell);
    }
}
