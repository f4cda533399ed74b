namespace ActorWarden.Processes;

/// <summary>
/// The child could not be started: the supervisor treats this as a configuration-level failure
/// (missing binary, not executable, bad working directory, unknown user) rather than a crash, so it
/// carries a one-line message naming the file and the reason.
/// </summary>
public sealed class ProcessStartException : Exception
{
    public ProcessStartException(string fileName, string reason, int? errno = null, Exception? inner = null)
        : base($"cannot start '{fileName}': {reason}", inner)
    {
        FileName = fileName;
        Reason = reason;
        Errno = errno;
    }

    /// <summary>The executable that was asked for.</summary>
    public string FileName { get; }

    /// <summary>The reason, e.g. "no such file or directory".</summary>
    public string Reason { get; }

    /// <summary>The OS error number, when the failure came from the OS.</summary>
    public int? Errno { get; }
}
