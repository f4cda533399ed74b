using System.Runtime.InteropServices;

namespace ActorWarden.Host.Runtime;

/// <summary>The process's own GC, and glibc's allocator where there is one.</summary>
internal sealed class RuntimeProcessMemory : IProcessMemory
{
    private bool _canTrim = OperatingSystem.IsLinux();

    public int Collections => GC.CollectionCount(0);

    public long AllocatedBytes => GC.GetTotalAllocatedBytes(precise: false);

    public void Collect() => GC.Collect(0);

    /// <summary>
    /// glibc keeps what a thread's arena once held (the JIT's working memory while it compiles a burst of
    /// new code paths: +6 MB during a first log flood) until malloc_trim; other C libraries lack it.
    /// </summary>
    public void ReturnFreeNativeMemory()
    {
        if (!_canTrim)
        {
            return;
        }

        try
        {
            MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _canTrim = false;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
