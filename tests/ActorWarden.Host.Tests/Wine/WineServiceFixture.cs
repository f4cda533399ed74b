namespace ActorWarden.Host.Tests.Wine;

/// <summary>
/// Once per test run: publishes the service probe for win-x64 (self-contained; cached in temp by source
/// hash) and creates a private WINEPREFIX in a temp folder that is removed afterwards with its wineserver.
/// A machine without wine fails here with the package to install; the test is never skipped.
/// </summary>
public sealed class WineServiceFixture : IAsyncLifetime
{
    public const string InstallHint = "apt-get update && apt-get install -y wine wine64 (Debian 12; .ci/install-deps installs it in CI)";

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan WineBootTimeout = TimeSpan.FromMinutes(3);

    public string Root { get; } = Directory.CreateTempSubdirectory("aw-wine-").FullName;

    /// <summary>Makes service names, configs and command lines unique, so concurrent runs on one machine never see each other's processes.</summary>
    public string RunId { get; } = Guid.NewGuid().ToString("N")[..8];

    public string Prefix => Path.Combine(Root, "prefix");

    /// <summary>Where the probe lives inside the prefix, as Linux and as Windows see it.</summary>
    public string AppDirectory => Path.Combine(Prefix, "drive_c", "aw");

    public const string AppDirectoryWindows = @"C:\aw";

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
        var publish = PublishProbeAsync();
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

    public async Task DisposeAsync()
    {
        if (File.Exists(WineServer) || CommandRunner.FindOnPath("wineserver") is not null)
        {
            await CommandRunner.RunAsync(WineServer, new[] { "-k" }, Environment, TimeSpan.FromSeconds(30));
            await CommandRunner.RunAsync(WineServer, new[] { "-w" }, Environment, TimeSpan.FromSeconds(30));
        }

        Directory.Delete(Root, recursive: true);
    }

    /// <summary>
    /// Publishes against the assemblies this test run already built (only the probe compiles) into a
    /// cache folder in temp keyed by a hash of those inputs, so unchanged runs skip the publish.
    /// </summary>
    private static async Task<string> PublishProbeAsync()
    {
        var root = RepositoryRoot();
        var project = Path.Combine(root, "tests", "ActorWarden.Host.Tests", "Wine", "ServiceProbe", "ServiceProbe.csproj");
        var cache = Path.Combine(Path.GetTempPath(), "actorwarden-wine-probe");
        var binaries = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var output = Path.Combine(cache, InputHash(binaries, Path.GetDirectoryName(project)!));
        var exe = Path.Combine(output, "ServiceProbe.exe");
        if (File.Exists(exe))
        {
            return output;
        }

        var dotnet = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? CommandRunner.FindOnPath("dotnet") ?? "dotnet";
        var staging = output + ".tmp-" + Guid.NewGuid().ToString("N");
        var artifacts = staging + "-artifacts";
        try
        {
            var result = await CommandRunner.RunAsync(
                dotnet,
                new[] { "publish", project, "-r", "win-x64", "--self-contained", "-c", "Release", "-o", staging, "--artifacts-path", artifacts, "-nologo", "-v", "quiet", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-p:HostBinaries=" + binaries },
                new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" },
                PublishTimeout);
            if (result.ExitCode != 0 || !File.Exists(Path.Combine(staging, "ServiceProbe.exe")))
            {
                throw new InvalidOperationException($"dotnet publish -r win-x64 --self-contained of {project} failed (exit {result.ExitCode}): {result.Both}");
            }

            if (!Directory.Exists(output))
            {
                Directory.Move(staging, output);
            }
        }
        finally
        {
            DeleteIfPresent(staging);
            DeleteIfPresent(artifacts);
        }

        RemoveStaleCacheEntries(cache);
        return output;
    }

    /// <summary>Entries for older inputs, untouched for a day; concurrent runs never lose what they use now.</summary>
    private static void RemoveStaleCacheEntries(string cache)
    {
        foreach (var entry in Directory.EnumerateDirectories(cache).Where(d => Directory.GetLastWriteTimeUtc(d) < DateTime.UtcNow.AddDays(-1)))
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

    /// <summary>The probe's sources and the warden assemblies this test run built, which the probe is linked against.</summary>
    private static string InputHash(string binaries, string probeDirectory)
    {
        var files = Directory.EnumerateFiles(probeDirectory, "*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".csproj", StringComparison.Ordinal))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Concat(Directory.EnumerateFiles(binaries, "ActorWarden.*.dll").Where(path => !path.EndsWith("ActorWarden.Host.Tests.dll", StringComparison.Ordinal)))
            .Concat(Directory.EnumerateFiles(binaries, "Serilog*.dll"))
            .Order(StringComparer.Ordinal);
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            hash.AppendData(File.ReadAllBytes(file));
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
