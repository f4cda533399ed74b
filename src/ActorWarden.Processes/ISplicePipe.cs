using Microsoft.Win32.SafeHandles;

namespace ActorWarden.Processes;

/// <summary>
/// A child's output pipe whose bytes can be moved into a file inside the kernel (Linux splice(2)), without
/// being copied through the warden's memory. The log path uses it when no consumer needs the lines themselves:
/// a flood then costs the warden one system call per pipe-full and no buffer.
/// </summary>
public interface ISplicePipe
{
    /// <summary>
    /// How many bytes the pipe holds before its writer blocks (F_GETPIPE_SZ): what a pause may let in. It is
    /// not always what the warden asked for: past the user's pipe-user-pages-soft (64 MiB of pipes across all
    /// of the user's processes, as in a large farm) the kernel keeps new pipes at 8 KiB.
    /// </summary>
    long Capacity { get; }

    /// <summary>
    /// Asks for the largest pipe the warden may have, once the pipe was found full: a flood's pipe is the
    /// slack for the warden's wake-ups. Not before: a 4 MiB pipe costs the kernel a 40 KiB table of slots
    /// from the start, for every stream of every instance, and the spawn a few microseconds.
    /// </summary>
    void Widen();

    /// <summary>
    /// Moves up to <paramref name="count"/> bytes that are in the pipe now to <paramref name="file"/> at
    /// <paramref name="offset"/>, without waiting for more.
    /// </summary>
    /// <returns>The bytes moved; 0 at end of stream (every write end closed, nothing left); -1 when the pipe is empty for now.</returns>
    /// <exception cref="NotSupportedException">The file cannot take spliced data at an offset (its file system, or it is not a regular file); copy instead.</exception>
    /// <exception cref="IOException">The file could not be written (full disk, quota, I/O error); nothing was moved.</exception>
    long SpliceTo(SafeFileHandle file, long offset, long count);

    /// <summary>Completes once the pipe has bytes to move or every write end is closed; one wait at a time.</summary>
    ValueTask WaitReadableAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Lets a flooding pipe fill for <paramref name="pause"/>. The caller continues on the thread that watches
    /// the pipes, without a hand-off to the thread pool, so it must only splice (short, non-blocking) before it
    /// waits again.
    /// </summary>
    ValueTask PauseAsync(TimeSpan pause);
}
