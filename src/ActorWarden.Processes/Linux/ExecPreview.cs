namespace ActorWarden.Processes.Linux;

/// <summary>
/// Foresees the exec failures posix_spawn would report (a missing #! interpreter, a file that is
/// neither a binary nor a script) for children started behind the <see cref="SpawnGate"/>: there the
/// exec happens in the shell after the spawn returned, so a failure would only show as exit 127.
/// </summary>
internal static class ExecPreview
{
    private const int HeaderSize = 256;

    /// <summary>The errno the exec of <paramref name="path"/> would fail with, or 0 when it looks runnable.</summary>
    public static int Predict(string path)
    {
        // Read with a handle, not a FileStream, whose buffer would cost 4 KiB of garbage on every spawn.
        Span<byte> buffer = stackalloc byte[HeaderSize];
        int read;
        try
        {
            using var file = File.OpenHandle(path);
            read = RandomAccess.Read(file, buffer, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        var header = buffer[..read];
        if (header.StartsWith("\u007fELF"u8))
        {
            return 0;
        }

        if (!header.StartsWith("#!"u8))
        {
            return LibC.ENOEXEC;
        }

        var line = System.Text.Encoding.UTF8.GetString(header[2..]).Split('\n')[0].Trim();
        var interpreter = line.Split([' ', '\t'], 2)[0];
        if (interpreter.Length == 0 || !File.Exists(interpreter))
        {
            return LibC.ENOENT;
        }

        return LibC.Access(interpreter, LibC.X_OK) == 0 ? 0 : LibC.EACCES;
    }
}
