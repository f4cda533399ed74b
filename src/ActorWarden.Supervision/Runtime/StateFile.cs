using System.Text.Json;
using ActorWarden.Supervision.Tree;

namespace ActorWarden.Supervision.Runtime;

/// <summary>One child recorded in the state file: enough to recognise it after a warden crash despite pid reuse.</summary>
public sealed record StateEntry(string Service, string Instance, int Pid, ulong StartTime);

/// <summary>
/// The crash-safety record: which children run right now, so a warden killed with SIGKILL finds its
/// survivors on the next start instead of starting duplicates. Each write is atomic (temp file,
/// fsync, rename, mode 0600): a crash mid-write leaves the previous complete file, never a torn one.
/// </summary>
public sealed class StateFile
{
    private readonly Serilog.ILogger _log;

    public StateFile(string path, Serilog.ILogger log)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>Absolute path of the file.</summary>
    public string Path { get; }

    /// <summary>The children recorded by the previous warden; empty when there is no (readable) file.</summary>
    public IReadOnlyList<StateEntry> Read()
    {
        try
        {
            if (!File.Exists(Path))
            {
                return Array.Empty<StateEntry>();
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(Path));
            var entries = new List<StateEntry>();
            foreach (var child in document.RootElement.GetProperty("children").EnumerateArray())
            {
                entries.Add(new StateEntry(
                    child.GetProperty("service").GetString() ?? string.Empty,
                    child.GetProperty("instance").GetString() ?? string.Empty,
                    child.GetProperty("pid").GetInt32(),
                    child.GetProperty("start_time").GetUInt64()));
            }

            return entries;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            _log.Warning(ex, "State file {Path} is unreadable; survivors of a previous warden cannot be found through it", Path);
            return Array.Empty<StateEntry>();
        }
    }

    /// <summary>Replaces the file with <paramref name="entries"/> atomically.</summary>
    /// <exception cref="IOException">The folder cannot be written.</exception>
    public void Write(IReadOnlyList<StateEntry> entries)
    {
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var temp = Path + ".tmp";
        using (var stream = new FileStream(temp, OwnerOnly(FileMode.Create)))
        {
            if (!OperatingSystem.IsWindows())
            {
                // A .tmp left by a killed warden keeps its old mode through FileMode.Create.
                File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", 1);
                writer.WriteStartArray("children");
                foreach (var entry in entries)
                {
                    writer.WriteStartObject();
                    writer.WriteString("service", entry.Service);
                    writer.WriteString("instance", entry.Instance);
                    writer.WriteNumber("pid", entry.Pid);
                    writer.WriteNumber("start_time", entry.StartTime);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, Path, overwrite: true);
    }

    /// <summary>Write access to a file created 0600 where the OS has modes, so it is never readable by others, not even before its mode is set.</summary>
    private static FileStreamOptions OwnerOnly(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }
}
