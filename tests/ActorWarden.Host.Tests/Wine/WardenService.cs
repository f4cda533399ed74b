using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ActorWarden.Host.Tests.Wine;

/// <summary>
/// One real warden.exe registered with Wine's SCM, with its config in its own folder under C:\aw (the
/// config folder is the warden's base directory, so its events.jsonl, state and service log land there).
/// Registered with <c>sc create</c> using the binPath <c>warden service install --dry-run</c> renders,
/// because the real install fails under Wine 8 (see docs/hosting.md); deleted again on dispose.
/// </summary>
internal sealed class WardenService : IAsyncDisposable
{
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private readonly WineServiceFixture _wine;
    private bool _deleted;

    private WardenService(WineServiceFixture wine, string name)
    {
        _wine = wine;
        Name = name + wine.RunId;
        Directory = Path.Combine(wine.AppDirectory, Name);
        ConfigWindows = $@"{WineServiceFixture.AppDirectoryWindows}\{Name}\warden.conf";
    }

    public string Name { get; }

    /// <summary>The config folder as Linux sees it.</summary>
    public string Directory { get; }

    public string ConfigWindows { get; }

    /// <summary>What the SCM runs, exactly as ScCommands renders it for `warden service install`.</summary>
    public string BinaryPath => $"\"{WineServiceFixture.WardenExeWindows}\" run --service \"{ConfigWindows}\"";

    /// <summary>Writes <c>warden { name = NAME, control off, BODY }</c> and registers it (demand start).</summary>
    public static async Task<WardenService> CreateAsync(WineServiceFixture wine, string name, string configBody)
    {
        var service = new WardenService(wine, name);
        System.IO.Directory.CreateDirectory(service.Directory);
        File.WriteAllText(
            Path.Combine(service.Directory, "warden.conf"),
            $"warden {{\n  name = \"{service.Name}\"\n  control.http.enabled = off\n{configBody}\n}}\n");

        // The installer's own rendering of the registration, from the real warden.exe under wine.
        var dryRun = await service.Warden("service", "install", "--dry-run", "--name", service.Name, service.ConfigWindows);
        dryRun.ExitCode.Should().Be(0, dryRun.Both);
        dryRun.Output.Should().Contain($"sc.exe create {service.Name} binPath= \"{service.BinaryPath.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");

        // Demand start, not the installer's auto: Wine's services.exe exits when its last service stops
        // and the next wine command boots it again, which would auto-start the service under the test.
        var created = await service.Sc("create", "binPath=", service.BinaryPath, "start=", "demand");
        created.Should().NotContain("FAILED");
        return service;
    }

    /// <summary>Runs the published warden.exe under wine with these arguments.</summary>
    public Task<CommandRunner.Result> Warden(params string[] arguments) =>
        _wine.RunAsync(CommandTimeout, new[] { WineServiceFixture.WardenExeWindows }.Concat(arguments).ToArray());

    public async Task<string> Sc(string verb, params string[] arguments)
    {
        var result = await _wine.RunAsync(CommandTimeout, new[] { "sc", verb, Name }.Concat(arguments).ToArray());
        result.ExitCode.Should().Be(0, $"'sc {verb} {Name}' should succeed: {result.Both}");
        return result.Output;
    }

    /// <summary><c>warden service uninstall</c>: stops the service, waits for STOPPED, deletes it.</summary>
    public async Task<CommandRunner.Result> UninstallAsync()
    {
        var result = await Warden("service", "uninstall", "--name", Name);
        _deleted = result.ExitCode == 0;
        return result;
    }

    public async Task<CommandRunner.Result> QueryAsync() =>
        await _wine.RunAsync(CommandTimeout, "sc", "query", Name);

    /// <summary>Polls sc query until STATE shows <paramref name="state"/>; returns that query's output.</summary>
    public async Task<string> WaitForState(string state)
    {
        var deadline = DateTime.UtcNow + StateTimeout;
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            last = (await QueryAsync()).Output;
            if (Regex.IsMatch(last, @"STATE\s+:\s+\d+\s+" + state))
            {
                return last;
            }

            await Task.Delay(PollInterval);
        }

        // The events too: a service stays START_PENDING until its instances are up, and they tell why one is not.
        throw new TimeoutException($"service {Name} did not reach {state} within {StateTimeout.TotalSeconds:0} s; last query: {last}; log: {ReadLog()}\nevents:\n{ReadFile(EventsFile)}");
    }

    /// <summary>Polls until <paramref name="condition"/> holds; the failure names what was awaited and shows the events so far.</summary>
    public async Task WaitUntil(Func<bool> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                // The SCM's view too: a warden that ended leaves its exit code there, and nothing in its files.
                var query = await QueryAsync();
                throw new TimeoutException($"{Name}: timed out after {timeout.TotalSeconds:0} s waiting for {what}; events:\n{ReadFile(EventsFile)}\nlog:\n{ReadLog()}\nsc query:\n{query.Both}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>
    /// Live Wine processes of this prefix (WINEPREFIX in their Linux environment) whose command line —
    /// the Windows one, under Wine — contains <paramref name="marker"/>.
    /// </summary>
    public IReadOnlyList<int> ProcessesWith(string marker)
    {
        var prefix = "WINEPREFIX=" + _wine.Prefix;
        return System.IO.Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Where(pid => ReadProc(pid!, "cmdline").Replace('\0', ' ').Contains(marker, StringComparison.Ordinal)
                && ReadProc(pid!, "environ").Split('\0').Contains(prefix, StringComparer.Ordinal))
            .Select(pid => int.Parse(pid!, CultureInfo.InvariantCulture))
            .ToArray();
    }

    public string EventsFile => Path.Combine(Directory, "logs", "events.jsonl");

    /// <summary>The warden's events.jsonl, one parsed line each (a line being written is left out).</summary>
    public IReadOnlyList<JsonElement> Events()
    {
        var events = new List<JsonElement>();
        foreach (var line in ReadFile(EventsFile).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                events.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
            catch (JsonException)
            {
            }
        }

        return events;
    }

    /// <summary>The first event named <paramref name="name"/> (for <paramref name="service"/>, when given), or null.</summary>
    public JsonElement? Event(string name, string? service = null) =>
        Events().Where(e => e.GetProperty("event").GetString() == name
                && (service is null || (e.TryGetProperty("service", out var s) && s.GetString() == service)))
            .Select(e => (JsonElement?)e)
            .FirstOrDefault();

    /// <summary>The host's rolling service log next to the config (<c>NAME-serviceDATE.log</c>).</summary>
    public string ReadLog() =>
        string.Concat(System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, Name + "-service*.log").Select(ReadFile)
            : Array.Empty<string>());

    public async ValueTask DisposeAsync()
    {
        if (!_deleted)
        {
            await _wine.RunAsync(CommandTimeout, "sc", "stop", Name);
            await WaitForStopQuietly();
            await _wine.RunAsync(CommandTimeout, "sc", "delete", Name);
        }

        foreach (var pid in ProcessesWith(ConfigWindows))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
            }
        }

        await WaitForServicesExeToExit();
    }

    /// <summary>
    /// Wine's services.exe exits once its last service has stopped, and the next wine command boots a new
    /// one. A test that started its service while the old one was still exiting had it started by that
    /// old one, which took it down within two seconds as it went (the warden died mid-start without a
    /// word, and the new services.exe reported it STOPPED, WIN32_EXIT_CODE 1077: never started). So the
    /// next test begins only once it is gone.
    /// </summary>
    private async Task WaitForServicesExeToExit()
    {
        var deadline = DateTime.UtcNow + StateTimeout;
        while (ProcessesWith(@"\services.exe").Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(PollInterval);
        }
    }

    private async Task WaitForStopQuietly()
    {
        try
        {
            await WaitForState("STOPPED");
        }
        catch (TimeoutException)
        {
        }
    }

    private static string ReadFile(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new StreamReader(stream).ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return string.Empty;
        }
        catch (DirectoryNotFoundException)
        {
            return string.Empty;
        }
    }

    private static string ReadProc(string pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{file}");
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
