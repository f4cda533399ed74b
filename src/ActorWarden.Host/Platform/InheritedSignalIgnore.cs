using System.Runtime.InteropServices;

namespace ActorWarden.Host.Platform;

/// <summary>
/// A warden started under <c>nohup</c>, or by any parent that ignores SIGHUP, inherits SIG_IGN for it,
/// and .NET leaves an ignored signal ignored: <c>kill -HUP</c> would then reload nothing, silently. The
/// warden's SIGHUP means "reload", never "hang up", so an inherited ignore is turned back into the
/// default just before the handler is registered, as supervisord installs its handler whatever it
/// inherited. A disposition other than SIG_IGN is left alone.
/// </summary>
internal static partial class InheritedSignalIgnore
{
    private const int SigactionSize = 152;
    private static readonly IntPtr Ignore = 1;
    private static readonly IntPtr Default = 0;

    /// <summary>True when <paramref name="signal"/> was ignored and now has its default disposition again.</summary>
    public static unsafe bool Lift(int signal)
    {
        // struct sigaction (glibc, 64-bit): the handler is its first field; read it without changing anything.
        var current = stackalloc byte[SigactionSize];
        if (Sigaction(signal, null, current) != 0 || *(IntPtr*)current != Ignore)
        {
            return false;
        }

        return Signal(signal, Default) == Ignore;
    }

    [LibraryImport("libc", EntryPoint = "sigaction")]
    private static unsafe partial int Sigaction(int signal, byte* action, byte* oldAction);

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial IntPtr Signal(int signal, IntPtr handler);
}
