using System.Security.Cryptography;
using System.Text;

namespace ActorWarden.Contracts.Api;

/// <summary>
/// The token shared by the warden and the local CLI through a file only the owner can read, like
/// ssh keys: created with mode 0600 atomically (no window where it is world-readable), reused on every
/// later start so a running CLI keeps working across warden restarts, refused when its mode leaks it.
/// </summary>
public static class TokenFile
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Reads the token in <paramref name="path"/>, generating 32 random bytes into it first when the file does not exist.</summary>
    public static string LoadOrCreate(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            var created = TryCreate(fullPath);
            if (created is not null)
            {
                return created;
            }
        }

        return Read(fullPath);
    }

    /// <summary>Reads an existing token file, refusing one that group or others could read.</summary>
    public static string Read(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"token file {fullPath} does not exist", fullPath);
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(fullPath);
            if ((mode & GroupOrOther) != 0)
            {
                throw new UnauthorizedAccessException(
                    $"token file {fullPath} has mode {FormatMode(mode)}, which lets group or others read it; run 'chmod 600 {fullPath}' or delete it to generate a new token");
            }
        }

        var token = File.ReadAllText(fullPath, Encoding.UTF8).Trim();
        if (token.Length == 0)
        {
            throw new InvalidDataException($"token file {fullPath} is empty; delete it to generate a new token");
        }

        return token;
    }

    /// <summary>32 bytes from the OS CSPRNG as base64url without padding: header-safe, URL-fragment-safe, 256 bits.</summary>
    public static string Generate()
    {
        var bytes = RandomNumberGenerator.GetBytes(32);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static string? TryCreate(string fullPath)
    {
        var directory = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, OwnerOnlyDirectory);
            }
        }

        // The token is written to a private temporary file and then moved into place without
        // replacing: readers (a CLI polling while the warden starts) see no file or the whole token,
        // never an empty one, and two wardens racing keep whichever token landed first. Creating the
        // file in place instead left a window where it existed empty, and .NET's flock emulation of
        // FileShare let such a reader's open fail the warden's own create.
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        var token = Generate();
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(token + "\n"));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: false);
        }
        catch (IOException) when (File.Exists(fullPath))
        {
            // Another warden created it between our check and our move: use theirs.
            return null;
        }
        finally
        {
            File.Delete(temporary);
        }

        return token;
    }

    private static string FormatMode(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8);
}
