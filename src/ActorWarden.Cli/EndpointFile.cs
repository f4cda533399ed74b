using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorWarden.Cli;

/// <summary>
/// Where a running warden says how to reach it, keyed by its config path, in a private runtime
/// folder (/run/actorwarden as root, else $XDG_RUNTIME_DIR/actorwarden or /tmp/actorwarden-UID, mode
/// 0700). The CLI reads it first, so `warden reload` still finds the warden after someone broke or
/// changed the config file on disk — exactly when reload must answer "nothing changed, here is the error".
/// </summary>
public static class EndpointFile
{
    public static string PathFor(string configPath)
    {
        var hash = Fnv1a64(Encoding.UTF8.GetBytes(Path.GetFullPath(configPath)));
        return Path.Combine(RuntimeDirectory(), hash.ToString("x16", CultureInfo.InvariantCulture) + ".json");
    }

    /// <summary>
    /// A file name per config path, not a secret: FNV-1a rather than SHA-256, whose first use loads and
    /// initialises OpenSSL, a large part of what `warden status` cost before it sent its request.
    /// </summary>
    internal static ulong Fnv1a64(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    public static void Write(string configPath, Uri url, string? tokenFile)
    {
        var path = PathFor(configPath);
        var text = JsonSerializer.Serialize(new Endpoint(url.ToString(), tokenFile, Environment.ProcessId, Path.GetFullPath(configPath)), EndpointJsonContext.Default.Endpoint);
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }

    public static void Delete(string configPath)
    {
        try
        {
            File.Delete(PathFor(configPath));
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The endpoint of a live warden on this config, or null (no file, or its warden is gone).</summary>
    public static Endpoint? Read(string configPath)
    {
        try
        {
            var endpoint = JsonSerializer.Deserialize(File.ReadAllText(PathFor(configPath)), EndpointJsonContext.Default.Endpoint);
            return endpoint is not null && IsAlive(endpoint.Pid) ? endpoint : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsAlive(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            return Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}");
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string RuntimeDirectory()
    {
        string dir;
        if (OperatingSystem.IsWindows())
        {
            dir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "ActorWarden", "run");
            Directory.CreateDirectory(dir);
            return dir;
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        dir = Environment.UserName == "root" && Directory.Exists("/run") ? "/run/actorwarden"
            : !string.IsNullOrEmpty(xdg) ? Path.Combine(xdg, "actorwarden")
            : Path.Combine(Path.GetTempPath(), "actorwarden-" + Environment.UserName);
        var info = Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if ((info.UnixFileMode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new IOException($"runtime folder {dir} is writable by others; refusing to use it");
        }

        return dir;
    }

    /// <summary>What the file holds.</summary>
    public sealed record Endpoint(string Url, string? TokenFile, int Pid, string Config);
}

/// <summary>Compile-time JSON metadata for the endpoint file, which every CLI call reads first.</summary>
[JsonSerializable(typeof(EndpointFile.Endpoint))]
internal sealed partial class EndpointJsonContext : JsonSerializerContext;
