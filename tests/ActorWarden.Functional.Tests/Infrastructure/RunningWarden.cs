using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace ActorWarden.Functional.Tests.Infrastructure;

/// <summary>
/// A real `warden run` on a temporary config in its own folder. Disposing stops it (SIGTERM, then
/// SIGKILL of its whole tree if it hangs) and deletes the folder, so no test leaves a process behind.
/// </summary>
public sealed class RunningWarden : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunningWarden(string directory, string configPath, int port, Process process)
    {
        Directory = directory;
        ConfigPath = configPath;
        Port = port;
        EventsFile = Path.Combine(directory, "logs", "events.jsonl");
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Directory { get; }

    public string ConfigPath { get; }

    public int Port { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The event log this warden writes (the default location unless the test configured another).</summary>
    public string EventsFile { get; private set; } = "";

    /// <summary>Tells the harness where a config with a custom <c>events.file</c> writes its events.</summary>
    public RunningWarden UseEventsFile(string path)
    {
        EventsFile = path;
        return this;
    }

    /// <summary>Writes the config (the `services { }` body given; control port and paths filled in) and starts the warden (with <paramref name="environment"/> added to its own).</summary>
    public static RunningWarden Start(string servicesBody, string extraWarden = "", bool sighupIgnored = false, int? openFilesLimit = null, string? cgroup = null, IReadOnlyDictionary<string, string>? environment = null, string? executable = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("warden-func-").FullName;
        var port = FreePort.Next();
        var config = $$"""
            warden {
              name = "func"
              control.http.port = {{port}}
              shutdown-timeout = 10s
              {{extraWarden}}
              services {
            {{servicesBody}}
              }
            }
            """;
        var configPath = Path.Combine(directory, "warden.conf");
        File.WriteAllText(configPath, config);
        return StartOn(directory, configPath, port, sighupIgnored, openFilesLimit, cgroup, environment, executable);
    }

    /// <summary>
    /// Starts a warden on an existing config (used to restart after a crash); with
    /// <paramref name="sighupIgnored"/> as <c>nohup</c> would: SIGHUP ignored, inherited through exec (the pid stays the warden's);
    /// with <paramref name="openFilesLimit"/> under <c>ulimit -n</c> of that many descriptors; with
    /// <paramref name="cgroup"/> (a cgroup2 directory) inside that group from its first instruction, so every
    /// socket it opens belongs to the group (the cluster partition tests cut a group's traffic); with
    /// <paramref name="environment"/> set for this warden only (a test's trust store, for instance); through
    /// <paramref name="executable"/> instead of the managed warden (the native front, for instance).
    /// </summary>
    public static RunningWarden StartOn(string directory, string configPath, int port, bool sighupIgnored = false, int? openFilesLimit = null, string? cgroup = null, IReadOnlyDictionary<string, string>? environment = null, string? executable = null)
    {
        executable ??= WardenBinary.Path;
        var throughShell = sighupIgnored || openFilesLimit is not null || cgroup is not null;
        var psi = new ProcessStartInfo(throughShell ? "/bin/sh" : executable)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (throughShell)
        {
            var setup = (sighupIgnored ? "trap '' HUP; " : "") + (openFilesLimit is { } files ? $"ulimit -n {files}; " : "")
                + (cgroup is not null ? $"echo $$ > '{cgroup}/cgroup.procs' || exit 125; " : "");
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(setup + "exec \"$0\" run \"$1\"");
            psi.ArgumentList.Add(executable);
        }
        else
        {
            psi.ArgumentList.Add("run");
        }

        psi.ArgumentList.Add(configPath);
        psi.Environment.Remove("NOTIFY_SOCKET");
        psi.Environment.Remove("WARDEN_CONFIG");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        return new RunningWarden(directory, configPath, port, Process.Start(psi)!);
    }

    public Task<CliResult> CliAsync(params string[] args) =>
        WardenBinary.RunAsync(Directory, TimeSpan.FromSeconds(60), args.Concat(new[] { "--config", ConfigPath }).ToArray());

    /// <summary>`warden status --json`, parsed.</summary>
    public async Task<JsonElement> StatusAsync()
    {
        var result = await CliAsync("status", "--json");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"status failed ({result.ExitCode}): {result.Stderr}");
        }

        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    /// <summary>Polls status until every instance satisfies <paramref name="predicate"/> (a real process needs real time to start).</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> predicate, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        JsonElement last = default;
        Exception? lastError = null;
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the warden exited with {_process.ExitCode} while waiting for {what}:\n{Output}");
            }

            try
            {
                last = await StatusAsync();
                if (predicate(last))
                {
                    return last;
                }
            }
            catch (InvalidOperationException ex)
            {
                lastError = ex;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"timed out after {timeout} waiting for {what}; last status: {last}; last error: {lastError?.Message}\nwarden output:\n{Output}");
    }

    /// <summary>The default state file of this warden (state/warden.state.json): the pids it kills or adopts on its next start.</summary>
    public string StateFile => Path.Combine(Directory, "state", "warden.state.json");

    /// <summary>
    /// The pids the state file records now (empty while it is missing or being replaced). The roster
    /// rewrites it up to 200 ms after a change, so a child started just now may not be in it yet.
    /// </summary>
    public IReadOnlyList<int> RecordedPids()
    {
        try
        {
            using var state = JsonDocument.Parse(File.ReadAllText(StateFile));
            return state.RootElement.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("pid").GetInt32()).ToList();
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return [];
        }
    }

    public static IEnumerable<JsonElement> Instances(JsonElement status) => status.GetProperty("instances").EnumerateArray();

    public static bool AllIn(JsonElement status, string state, int count) =>
        Instances(status).Count() == count && Instances(status).All(i => i.GetProperty("state").GetString() == state);

    /// <summary>
    /// Every event written so far, parsed (each line must be one JSON object). A last line without its
    /// newline is a batch the writer is still copying in (a write that crosses a page boundary becomes
    /// visible page by page), so it is left for the next read, as any reader tailing the file must.
    /// </summary>
    public IReadOnlyList<JsonElement> Events() =>
        EventLines().Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    /// <summary>The finished lines of the events file, as written (see <see cref="Events"/> for the unfinished last one).</summary>
    public IReadOnlyList<string> EventLines()
    {
        var text = EventsText();
        return text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The events file as it is on disk now (empty while it does not exist).</summary>
    public string EventsText()
    {
        if (!File.Exists(EventsFile))
        {
            return "";
        }

        using var stream = new FileStream(EventsFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Polls the events file until its events satisfy <paramref name="predicate"/> and returns them. The
    /// file has its own writer actor that gets each event after it is published, so `status` can show a
    /// restart, a fatal or a healthy check before the event that goes with it is on disk: assert on an
    /// event only once it was waited for.
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForEventsAsync(Func<IReadOnlyList<JsonElement>, bool> predicate, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var events = Events();
            if (predicate(events))
            {
                return events;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"timed out after {timeout} waiting for {what} in {EventsFile}; the last of {events.Count} events written:\n{string.Join('\n', events.TakeLast(20))}\nwarden output:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the first event that <paramref name="match"/> accepts (see <see cref="WaitForEventsAsync"/>) and returns it.</summary>
    public async Task<JsonElement> WaitForEventAsync(Func<JsonElement, bool> match, TimeSpan timeout, string what) =>
        (await WaitForEventsAsync(events => events.Any(match), timeout, what)).First(match);

    /// <summary>Live children of this warden's services (processes in the test folder other than the warden itself).</summary>
    public IReadOnlyList<int> Children() => Native.FindByWorkingDirectory(Directory).Where(pid => pid != Pid).ToList();

    public void Signal(int signal) => Native.Kill(_process.Id, signal);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Native.Kill(_process.Id, 15);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        Native.KillLeftovers(Directory);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
