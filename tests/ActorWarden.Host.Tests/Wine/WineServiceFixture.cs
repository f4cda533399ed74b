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
    /// Publishes into a cache folder in temp keyed by a hash of every source the probe is built from,
    /// so only the first run after a change pays for the self-contained win-x64 publish.
    /// </summary>
    private static async Task<string> PublishProbeAsync()
    {
        var root = RepositoryRoot();
        var project = Path.Combine(root, "tests", "ActorWarden.Host.Tests", "Wine", "ServiceProbe", "ServiceProbe.csproj");
        var cache = Path.Combine(Path.GetTempPath(), "actorwarden-wine-probe");
        var output = Path.Combine(cache, SourceHash(root, Path.GetDirectoryName(project)!));
        var exe = Path.Combine(output, "ServiceProbe.exe");
        if (File.Exists(exe))
        {
            return output;
        }

        var dotnet = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? CommandRunner.FindOnPath("dotnet") ?? "dotnet";
        var staging = output + ".tmp-" + System.Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = await CommandRunner.RunAsync(
            dotnet,
            new[] { "publish", project, "-r", "win-x64", "--self-contained", "-c", "Release", "-o", staging, "--artifacts-path", Path.Combine(cache, "artifacts"), "-nologo", "-v", "quiet", "-nodeReuse:false", "-p:UseSharedCompilation=false" },
            new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" },
            PublishTimeout);
        if (result.ExitCode != 0 || !File.Exists(Path.Combine(staging, "ServiceProbe.exe")))
        {
            throw new InvalidOperationException($"dotnet publish -r win-x64 --self-contained of {project} failed (exit {result.ExitCode}): {result.Both}");
        }

        foreach (var stale in Directory.EnumerateDirectories(cache).Where(d => Path.GetFileName(d) != "artifacts" && d != staging))
        {
            Directory.Delete(stale, recursive: true);
        }

        Directory.Move(staging, output);
        return output;
    }

    private static string SourceHash(string root, string probeDirectory)
    {
        var files = Directory.EnumerateFiles(Path.Combine(root, "src"), "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(probeDirectory, "*", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(root, "Directory.*.props"))
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".csproj", StringComparison.Ordinal) || path.EndsWith(".props", StringComparison.Ordinal) || path.EndsWith(".conf", StringComparison.Ordinal))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(root, file)));
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
