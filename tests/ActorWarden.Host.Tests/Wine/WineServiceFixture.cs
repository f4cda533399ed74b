namespace ActorWarden.Host.Tests.Wine;

/// <summary>
/// Once per test run: publishes the real <c>warden.exe</c> (src/ActorWarden.Cli, win-x64, self-contained;
/// cached in temp by a hash of the sources, so CI publishes once per change) and creates a private
/// WINEPREFIX in a temp folder that is removed afterwards together with its wineserver. A machine
/// without wine fails here with the package to install; the tests are never skipped.
/// </summary>
public sealed class WineServiceFixture : IAsyncLifetime
{
    public const string InstallHint = "apt-get update && apt-get install -y wine wine64 (Debian 12; .ci/install-deps installs it in CI)";

    /// <summary>Where warden.exe lives inside the prefix, as Windows sees it.</summary>
    public const string AppDirectoryWindows = @"C:\aw";

    public const string WardenExeWindows = AppDirectoryWindows + @"\warden.exe";

    // A cold publish of the whole CLI on a loaded 2-core machine takes a few minutes; cached runs skip it.
    // Analyzers, doc files and symbols do not change what runs, so the publish leaves them out.
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan WineBootTimeout = TimeSpan.FromMinutes(3);

    public string Root { get; } = Directory.CreateTempSubdirectory("aw-wine-").FullName;

    /// <summary>Makes service names unique, so concurrent runs on one machine never see each other's services.</summary>
    public string RunId { get; } = Guid.NewGuid().ToString("N")[..8];

    public string Prefix => Path.Combine(Root, "prefix");

    /// <summary>Where warden.exe lives inside the prefix, as Linux sees it.</summary>
    public string AppDirectory => Path.Combine(Prefix, "drive_c", "aw");

    public string Wine { get; private set; } = "wine";

    public string WineServer { get; private set; } = "wineserver";

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["WINEPREFIX"] = Prefix,
        ["WINEDEBUG"] = "-all",
        ["DISPLAY"] = string.Empty,
    };

    public async Task InitializeAsync()
    {
        Wine = CommandRunner.FindOnPath("wine") ?? throw new InvalidOperationException("wine is not installed, so the Windows service host cannot be tested for real. Install it: " + InstallHint);
        WineServer = CommandRunner.FindOnPath("wineserver") ?? throw new InvalidOperationException("wineserver is not installed. Install it: " + InstallHint);

        var boot = CommandRunner.RunAsync(Wine, new[] { "wineboot", "--init" }, Environment, WineBootTimeout);
        var publish = PublishWardenAsync();
        var booted = await boot;
        if (!Directory.Exists(Path.Combine(Prefix, "drive_c", "windows")))
        {
            throw new InvalidOperationException($"wineboot did not create the prefix {Prefix} (exit {booted.ExitCode}): {booted.Both}");
        }

        // wineboot returns while the prefix's first wineserver still runs; a service created before that
        // server has exited (flushing the registry) is lost, so the first sc start would fail with 1060.
        await CommandRunner.RunAsync(WineServer, new[] { "-w" }, Environment, WineBootTimeout);
        var publishDirectory = await publish;
        CopyDirectory(publishDirectory, AppDirectory);
    }

    /// <summary>Runs a Windows command line under wine in this prefix (e.g. <c>sc query X</c>, <c>C:\aw\warden.exe service uninstall</c>).</summary>
    internal Task<CommandRunner.Result> RunAsync(TimeSpan timeout, params string[] arguments) =>
        CommandRunner.RunAsync(Wine, arguments, Environment, timeout);

    public async Task DisposeAsync()
    {
        if (File.Exists(WineServer) || CommandRunner.FindOnPath("wineserver") is not null)
        {
            await CommandRunner.RunAsync(WineServer, new[] { "-k" }, Environment, TimeSpan.FromSeconds(30));
            await CommandRunner.RunAsync(WineServer, new[] { "-w" }, Environment, TimeSpan.FromSeconds(30));
        }

        await RemoveServerDirectoryAsync();
        Directory.Delete(Root, recursive: true);
    }

    /// <summary>
    /// Removes the folder the prefix's wineserver kept its socket in: /tmp/wine-XXXXXX/server-DEV-INODE,
    /// named after the prefix's device and inode in hex, which wineserver leaves behind when it exits
    /// (one per run had piled up in /tmp). Found while the prefix still exists, by that name only.
    /// </summary>
    private async Task RemoveServerDirectoryAsync()
    {
        var stat = await CommandRunner.RunAsync("stat", new[] { "-c", "%d %i", Prefix }, Environment, TimeSpan.FromSeconds(10));
        var fields = stat.Output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (stat.ExitCode != 0 || fields.Length != 2 || !ulong.TryParse(fields[0], out var device) || !ulong.TryParse(fields[1], out var inode))
        {
            throw new InvalidOperationException($"stat of the prefix {Prefix} failed (exit {stat.ExitCode}): {stat.Both}");
        }

        var server = $"server-{device:x}-{inode:x}";
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "wine-*"))
        {
            if (Directory.Exists(Path.Combine(folder, server)))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>
    /// Publishes src/ActorWarden.Cli for win-x64 into a cache folder in temp keyed by a hash of the
    /// sources (src/**, the Directory.*.props, nuget.config); unchanged runs reuse the cached warden.exe.
    /// The build goes to one artifacts folder kept beside the cache (never the checkout's bin/obj), so
    /// a publish after a source change recompiles only the projects that changed; a lock file keeps
    /// concurrent runs from building into it at the same time.
    /// </summary>
    private static async Task<string> PublishWardenAsync()
    {
        var root = RepositoryRoot();
        var project = Path.Combine(root, "src", "ActorWarden.Cli", "ActorWarden.Cli.csproj");
        var cache = Path.Combine(Path.GetTempPath(), "actorwarden-wine-warden");
        var output = Path.Combine(cache, SourceHash(root));
        if (TryReuse(output))
        {
            return output;
        }

        Directory.CreateDirectory(cache);
        using var publishLock = await AcquirePublishLockAsync(Path.Combine(cache, "publish.lock"));
        if (TryReuse(output))
        {
            return output;
        }

        var dotnet = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? CommandRunner.FindOnPath("dotnet") ?? "dotnet";
        var staging = output + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            var result = await CommandRunner.RunAsync(
                dotnet,
                new[] { "publish", project, "-r", "win-x64", "--self-contained", "-c", "Release", "-o", staging, "--artifacts-path", Path.Combine(cache, "artifacts"), "-nologo", "-v", "quiet", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-p:RunAnalyzers=false", "-p:GenerateDocumentationFile=false", "-p:DebugType=none" },
                new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" },
                PublishTimeout);
            if (result.ExitCode != 0 || !File.Exists(Path.Combine(staging, "warden.exe")))
            {
                throw new InvalidOperationException($"dotnet publish -r win-x64 --self-contained of {project} failed (exit {result.ExitCode}): {result.Both}");
            }

            Directory.Move(staging, output);
        }
        finally
        {
            DeleteIfPresent(staging);
        }

        RemoveStaleCacheEntries(cache);
        return output;
    }

    private static bool TryReuse(string output)
    {
        if (!File.Exists(Path.Combine(output, "warden.exe")))
        {
            return false;
        }

        // In use again: not stale for another hour.
        Directory.SetLastWriteTimeUtc(output, DateTime.UtcNow);
        return true;
    }

    /// <summary>An exclusively opened lock file; the OS releases it if the holder dies.</summary>
    private static async Task<FileStream> AcquirePublishLockAsync(string path)
    {
        var deadline = DateTime.UtcNow + PublishTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    /// <summary>
    /// Entries for older sources (about 110 MB each), untouched for an hour; a run needs its entry only
    /// for the copy into its prefix, seconds after the publish, so concurrent runs never lose it.
    /// </summary>
    private static void RemoveStaleCacheEntries(string cache)
    {
        var artifacts = Path.Combine(cache, "artifacts");
        foreach (var entry in Directory.EnumerateDirectories(cache).Where(d => d != artifacts && Directory.GetLastWriteTimeUtc(d) < DateTime.UtcNow.AddHours(-1)))
        {
            DeleteIfPresent(entry);
        }
    }

    private static void DeleteIfPresent(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Every file that goes into warden.exe: src/** (without bin/obj) and the repository-wide build settings.</summary>
    private static string SourceHash(string root)
    {
        var separator = Path.DirectorySeparatorChar;
        var sources = Directory.EnumerateFiles(Path.Combine(root, "src"), "*", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{separator}obj{separator}", StringComparison.Ordinal) && !path.Contains($"{separator}bin{separator}", StringComparison.Ordinal));
        var settings = new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "nuget.config", "global.json" }
            .Select(name => Path.Combine(root, name))
            .Where(File.Exists);
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var file in sources.Concat(settings).Select(path => Path.GetRelativePath(root, path)).Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file + "\n"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(root, file)));
        }

        return Convert.ToHexString(hash.GetHashAndReset())[..16];
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ActorWarden.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("cannot find ActorWarden.sln above " + AppContext.BaseDirectory);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
