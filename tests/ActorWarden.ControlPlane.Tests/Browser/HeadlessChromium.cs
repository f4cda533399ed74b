using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ActorWarden.ControlPlane.Tests.Infrastructure;

namespace ActorWarden.ControlPlane.Tests.Browser;

/// <summary>
/// A headless Chromium driven over the DevTools protocol (no Selenium/NuGet driver needed). It gets a
/// private profile folder and an ephemeral debugging port read from DevToolsActivePort; disposing kills
/// the whole browser process tree and deletes the profile.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly string[] Candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
    private readonly Process _process;
    private readonly TempDirectory _profile;
    private readonly StringBuilder _stderr;

    private HeadlessChromium(Process process, TempDirectory profile, StringBuilder stderr, int port)
    {
        _process = process;
        _profile = profile;
        _stderr = stderr;
        DebuggingPort = port;
    }

    public int DebuggingPort { get; }

    public static async Task<HeadlessChromium> LaunchAsync(Uri url)
    {
        var executable = FindExecutable() ?? throw new InvalidOperationException(
            "chromium is not installed, so the status page cannot be tested: run 'apt-get update && apt-get install -y chromium chromium-driver' (.ci/install-deps does this)");
        var profile = new TempDirectory();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--window-size=1280,760", "--hide-scrollbars",
                     $"--user-data-dir={profile.Path}", "--remote-debugging-port=0", url.AbsoluteUri,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var stderr = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                if (e.Data is not null && stderr.Length < 16_000)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += (_, _) => { };
        try
        {
            process.Start();
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var port = await ReadDebuggingPortAsync(process, profile.Path, stderr);
            return new HeadlessChromium(process, profile, stderr, port);
        }
        catch
        {
            Kill(process);
            process.Dispose();
            profile.Dispose();
            throw;
        }
    }

    /// <summary>Connects to the tab showing a page whose URL starts with <paramref name="origin"/>.</summary>
    public async Task<DevToolsSession> ConnectToPageAsync(Uri origin)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            var list = await http.GetStringAsync($"http://127.0.0.1:{DebuggingPort}/json/list");
            using var json = JsonDocument.Parse(list);
            foreach (var target in json.RootElement.EnumerateArray())
            {
                if (target.GetProperty("type").GetString() == "page"
                    && target.GetProperty("url").GetString()?.StartsWith(origin.AbsoluteUri, StringComparison.Ordinal) == true
                    && target.TryGetProperty("webSocketDebuggerUrl", out var ws))
                {
                    return await DevToolsSession.ConnectAsync(new Uri(ws.GetString()!));
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"chromium opened no tab on {origin} within 20 s; stderr:\n{Stderr}");
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        using (var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await _process.WaitForExitAsync(exit.Token);
        }

        _process.Dispose();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                _profile.Dispose();
                return;
            }
            catch (IOException) when (attempt < 20)
            {
                // A helper process may still be flushing the profile for a moment after the kill.
                await Task.Delay(100);
            }
        }
    }

    private static async Task<int> ReadDebuggingPortAsync(Process process, string profile, StringBuilder stderr)
    {
        var file = Path.Combine(profile, "DevToolsActivePort");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"chromium exited with code {process.ExitCode} before opening its debugging port; stderr:\n{Snapshot(stderr)}");
            }

            if (File.Exists(file))
            {
                var lines = await File.ReadAllLinesAsync(file);
                if (lines.Length >= 1 && int.TryParse(lines[0], out var port) && port > 0)
                {
                    return port;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"chromium did not write {file} within 30 s; stderr:\n{Snapshot(stderr)}");
    }

    private static string Snapshot(StringBuilder stderr)
    {
        lock (stderr)
        {
            return stderr.ToString();
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string? FindExecutable()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var name in Candidates)
        {
            foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
