using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ActorWarden.Contracts;

namespace ActorWarden.ControlPlane.Client;

/// <summary>
/// Where a running warden says how to reach it, keyed by its config path, in the runtime folder
/// (<see cref="RuntimeFolder"/>: /run/actorwarden as root, not listable by others; the file is 0600
/// and names no secret). The CLI reads it first, so `warden reload` still finds the warden after someone broke or
/// changed the config file on disk — exactly when reload must answer "nothing changed, here is the error".
/// </summary>
public static class EndpointFile
{
    public static string PathFor(string configPath) => Path.Combine(RuntimeDirectory(), RuntimeFolder.KeyOf(configPath) + ".json");

    public static void Write(string configPath, Uri url, string? tokenFile)
    {
        var path = PathFor(configPath);
        var text = JsonSerializer.Serialize(new Endpoint(url.ToString(), tokenFile, Environment.ProcessId, Path.GetFullPath(configPath)), EndpointJsonContext.Default.Endpoint);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Created 0600, so the endpoint is never readable by others, not even before its mode is set.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            if (!OperatingSystem.IsWindows())
            {
                // A .tmp left by a killed warden keeps its old mode through FileMode.Create.
                File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            stream.Write(System.Text.Encoding.UTF8.GetBytes(text));
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
            var endpoint = Parse(File.ReadAllBytes(PathFor(configPath)));
            return endpoint is not null && IsAlive(endpoint.Pid) ? endpoint : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Read through <see cref="JsonDocument"/>, whose API is not generic and so runs precompiled: every
    /// CLI call reads this file first, and the serializer's metadata for it had to be compiled at run time.
    /// </summary>
    private static Endpoint? Parse(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new Endpoint(
            root.GetProperty(nameof(Endpoint.Url)).GetString() ?? "",
            root.TryGetProperty(nameof(Endpoint.TokenFile), out var tokenFile) ? tokenFile.GetString() : null,
            root.GetProperty(nameof(Endpoint.Pid)).GetInt32(),
            root.GetProperty(nameof(Endpoint.Config)).GetString() ?? "");
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
        if (OperatingSystem.IsWindows())
        {
            var dir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "ActorWarden", "run");
            Directory.CreateDirectory(dir);
            return dir;
        }

        return RuntimeFolder.Ensure();
    }

    /// <summary>What the file holds.</summary>
    public sealed record Endpoint(string Url, string? TokenFile, int Pid, string Config);
}

/// <summary>Compile-time JSON metadata for the endpoint file, which every CLI call reads first.</summary>
[JsonSerializable(typeof(EndpointFile.Endpoint))]
internal sealed partial class EndpointJsonContext : JsonSerializerContext;
